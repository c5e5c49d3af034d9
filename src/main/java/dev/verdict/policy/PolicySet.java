package dev.verdict.policy;

import java.util.ArrayList;
import java.util.List;

/** All loaded policies; {@link #matching} gives every policy whose {@code images} globs match a reference. */
public record PolicySet(List<ImagePolicy> policies) {
  public PolicySet {
    policies = List.copyOf(policies);
  }

  public List<ImagePolicy> matching(String normalisedReference) {
    List<ImagePolicy> out = new ArrayList<>();
    for (ImagePolicy p : policies) {
      for (String glob : p.images()) {
        if (ImageGlob.matches(glob, normalisedReference)) {
          out.add(p);
          break;
        }
      }
    }
    return out;
  }
}
