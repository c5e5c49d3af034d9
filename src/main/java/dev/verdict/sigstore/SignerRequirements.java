package dev.verdict.sigstore;

/** Who must have signed: a public key ({@link KeyRequirements}) or a certificate ({@link CertificateRequirements}). */
public sealed interface SignerRequirements permits KeyRequirements, CertificateRequirements {
  /** Rekor keys, CT logs and TSAs; null only when no log or timestamp is needed. */
  TrustedRoot trustedRoot();

  /** Whether a verified transparency-log entry is required. */
  boolean tlogRequired();
}
