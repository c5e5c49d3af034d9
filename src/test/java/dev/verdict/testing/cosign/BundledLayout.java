package dev.verdict.testing.cosign;

import dev.verdict.oci.Digest;
import dev.verdict.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/**
 * Writes the README's bundled default: {@code testdata/layouts/hello}, an OCI layout holding one image named
 * {@code registry.example/verdict/hello:1.0} and its classic cosign signature, and the public key
 * {@code testdata/keys/cosign-test.pub}. The private key is thrown away. Run once; the output is committed:
 * {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.verdict.testing.cosign.BundledLayout}.
 */
public final class BundledLayout {
  public static final String NAME = "registry.example/verdict/hello";

  private BundledLayout() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = image.digest();
    TestImages.Image sig = ClassicSigner.manifest(List.of(
        ClassicSigner.Layer.signed(key, ClassicSigner.payload(NAME, d))));
    Path layout = root.resolve("testdata/layouts/hello");
    TestImages.layout(layout)
        .add(image, Map.of("org.opencontainers.image.ref.name", "1.0", "io.containerd.image.name", NAME + ":1.0"))
        .add(sig, Map.of("org.opencontainers.image.ref.name", d.tagPrefix() + ".sig"))
        .write();
    Path pub = root.resolve("testdata/keys/cosign-test.pub");
    Files.createDirectories(pub.getParent());
    Files.writeString(pub, ClassicSigner.pem(key));
    System.out.println("wrote " + layout + " (" + d + ") and " + pub);
  }
}
