package dev.verdict.policy;

import java.util.List;

/**
 * How the {@code docker-reference} in a signature payload must relate to the image (containers/image's
 * {@code signedIdentity}): same repository (default), exactly the reference, anything, or a remapped prefix.
 */
public record SignedIdentity(Kind kind, List<Remap> remaps) {
  public static final SignedIdentity REPOSITORY = new SignedIdentity(Kind.REPOSITORY, List.of());

  public enum Kind { REPOSITORY, EXACT, ANY, REMAP }

  /** Images under prefix {@code from} were signed as {@code signedAs} + the rest of the name. */
  public record Remap(String from, String signedAs) {}

  public SignedIdentity {
    remaps = List.copyOf(remaps);
  }
}
