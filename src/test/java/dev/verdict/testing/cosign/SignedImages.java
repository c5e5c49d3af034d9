package dev.verdict.testing.cosign;

import dev.verdict.oci.Digest;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.TestImages;
import java.io.IOException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/** Pushes many distinct images to a registry, signing all but every {@code unsignedEvery}-th one. Test-only. */
public final class SignedImages {
  private SignedImages() {}

  /** The references pushed, in order ({@code HOST/scale/app-N:1.0}). */
  public static List<String> push(OciPusher push, String host, KeyPair key, int count, int unsignedEvery)
      throws IOException {
    return push(push, host, key, 0, count, unsignedEvery);
  }

  /** Images {@code from} (inclusive) to {@code to} (exclusive) of the same sequence. */
  public static List<String> push(OciPusher push, String host, KeyPair key, int from, int to, int unsignedEvery)
      throws IOException {
    List<String> refs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String repo = "scale/app-" + i;
      Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
      if (unsignedEvery <= 0 || i % unsignedEvery != 0) {
        push.push(repo, ClassicSigner.manifest(List.of(ClassicSigner.Layer.signed(key,
            ClassicSigner.payload(host + "/" + repo, d)))), d.tagPrefix() + ".sig");
      }
      refs.add(host + "/" + repo + ":1.0");
    }
    return refs;
  }
}
