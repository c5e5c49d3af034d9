package dev.verdict.testing.cosign;

import dev.verdict.oci.Digest;
import dev.verdict.testing.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/**
 * Writes the deny-side inputs of {@code policies/tests/key-signed.test.yaml}, beside {@code testdata/layouts/hello}:
 * {@code hello-unsigned} (an image with nothing attached) and {@code hello-other-key} (a valid classic cosign
 * signature by a key no policy names; the private key is thrown away). Both name images under
 * {@code registry.example/verdict/}, so the key-signed policy matches them and the deny comes from the signature
 * check, not from "no policy matches". Run once; the output is committed:
 * {@code java -cp target/test-classes:target/classes:'target/lib/*' dev.verdict.testing.cosign.PolicyTestLayouts}.
 */
public final class PolicyTestLayouts {
  private PolicyTestLayouts() {}

  public static void main(String[] args) {
    Path layouts = Path.of(args.length > 0 ? args[0] : ".").resolve("testdata/layouts");
    String unsigned = "registry.example/verdict/hello-unsigned";
    TestImages.Image image = TestImages.randomImage(false);
    TestImages.layout(layouts.resolve("hello-unsigned")).add(image, named(unsigned)).write();
    System.out.println("wrote " + layouts.resolve("hello-unsigned") + " (" + image.digest() + ")");

    String other = "registry.example/verdict/hello-other-key";
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    TestImages.Image signed = TestImages.randomImage(false);
    Digest d = signed.digest();
    TestImages.Image sig = ClassicSigner.manifest(List.of(
        ClassicSigner.Layer.signed(key, ClassicSigner.payload(other, d))));
    TestImages.layout(layouts.resolve("hello-other-key"))
        .add(signed, named(other))
        .add(sig, Map.of("org.opencontainers.image.ref.name", d.tagPrefix() + ".sig"))
        .write();
    System.out.println("wrote " + layouts.resolve("hello-other-key") + " (" + d + ")");
  }

  private static Map<String, String> named(String name) {
    return Map.of("org.opencontainers.image.ref.name", "1.0", "io.containerd.image.name", name + ":1.0");
  }
}
