package dev.verdict.sigstore;

import java.util.Objects;

/**
 * A signature by one public key; {@code trustedRoot} supplies the Rekor keys when {@code tlogRequired}, and is used
 * to verify any log entry or timestamp that is present.
 */
public record KeyRequirements(PublicKeyVerifier key, TrustedRoot trustedRoot, boolean tlogRequired)
    implements SignerRequirements {
  public KeyRequirements {
    Objects.requireNonNull(key, "key");
    if (tlogRequired && trustedRoot == null) {
      throw new IllegalArgumentException("a trusted root (Rekor keys) is needed when the log is required");
    }
  }
}
