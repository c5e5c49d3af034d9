package dev.verdict.testing.cosign;

import dev.verdict.oci.Digest;
import dev.verdict.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/**
 * Writes the deny-side inputs of the example policy tests in {@code policies/tests/}, beside
 * {@code testdata/layouts/hello}. Each layout names its image, so the example policy written for that name matches
 * it and the deny comes from the signature check, not from "no policy matches":
 * <ul>
 *   <li>{@code hello-unsigned}: {@code registry.example/verdict/hello-unsigned:1.0} with nothing attached;
 *   <li>{@code hello-other-key}: {@code registry.example/verdict/hello-other-key:1.0} with a valid classic cosign
 *       signature by a key no policy names;
 *   <li>{@code acme-app-unsigned}: {@code ghcr.io/acme/app:1.0} with nothing attached;
 *   <li>{@code acme-app-key-signed}: {@code ghcr.io/acme/app:1.1} signed with a plain key, no certificate, which a
 *       keyless authority must refuse.
 * </ul>
 * Private keys are thrown away. Layouts that exist are kept (their digests are committed); run once:
 * {@code java -cp target/test-classes:target/classes:'target/lib/*' dev.verdict.testing.cosign.PolicyTestLayouts}.
 */
public final class PolicyTestLayouts {
  private PolicyTestLayouts() {}

  public static void main(String[] args) {
    Path layouts = Path.of(args.length > 0 ? args[0] : ".").resolve("testdata/layouts");
    unsigned(layouts.resolve("hello-unsigned"), "registry.example/verdict/hello-unsigned:1.0");
    signed(layouts.resolve("hello-other-key"), "registry.example/verdict/hello-other-key", "1.0");
    unsigned(layouts.resolve("acme-app-unsigned"), "ghcr.io/acme/app:1.0");
    signed(layouts.resolve("acme-app-key-signed"), "ghcr.io/acme/app", "1.1");
  }

  private static void unsigned(Path dir, String name) {
    if (Files.exists(dir)) {
      System.out.println("kept " + dir);
      return;
    }
    TestImages.Image image = TestImages.randomImage(false);
    TestImages.layout(dir).add(image, named(name)).write();
    System.out.println("wrote " + dir + " (" + image.digest() + ")");
  }

  private static void signed(Path dir, String repository, String tag) {
    if (Files.exists(dir)) {
      System.out.println("kept " + dir);
      return;
    }
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = image.digest();
    TestImages.Image sig = ClassicSigner.manifest(List.of(
        ClassicSigner.Layer.signed(key, ClassicSigner.payload(repository, d))));
    TestImages.layout(dir)
        .add(image, named(repository + ":" + tag))
        .add(sig, Map.of("org.opencontainers.image.ref.name", d.tagPrefix() + ".sig"))
        .write();
    System.out.println("wrote " + dir + " (" + d + ")");
  }

  private static Map<String, String> named(String name) {
    String tag = name.substring(name.lastIndexOf(':') + 1);
    return Map.of("org.opencontainers.image.ref.name", tag, "io.containerd.image.name", name);
  }
}
