package dev.verdict.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Writes policy files and freshly generated public keys into a test's temporary directory. */
final class TestPolicies {
  private TestPolicies() {}

  static Path write(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new ECDSA P-256 public key as PEM at {@code dir/name}. */
  static Path ecKey(Path dir, String name) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      byte[] der = g.generateKeyPair().getPublic().getEncoded();
      return write(dir, name, "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PUBLIC KEY-----\n");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A minimal valid key-signed policy named {@code name} (needs keys/release.pub beside it). */
  static String keySigned(String name) {
    return """
        apiVersion: verdict.dev/v1
        kind: ImagePolicy
        metadata:
          name: %s
        spec:
          images: ["ghcr.io/acme/**"]
          authorities:
            - name: release
              key: {path: keys/release.pub}
          signatures: {from: [release]}
        """.formatted(name);
  }
}
