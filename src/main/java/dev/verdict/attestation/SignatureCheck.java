package dev.verdict.attestation;

import dev.verdict.VerificationException;
import dev.verdict.sigstore.PublicKeyVerifier;
import java.util.Map;

/**
 * Verifies one raw signature over DSSE pre-authentication bytes and says who signed. Key authorities use
 * {@link #of(PublicKeyVerifier)}; keyless and PKI authorities plug in the Sigstore verifiers (certificate chain,
 * identity, log proof), which must throw rather than return when anything does not verify.
 */
@FunctionalInterface
public interface SignatureCheck {
  EnvelopeSigner verify(byte[] pae, byte[] signature) throws VerificationException;

  /** A check by a public key; the signer's identity is the key's description (kind and fingerprint). */
  static SignatureCheck of(PublicKeyVerifier key) {
    return (pae, signature) -> {
      key.verify(pae, signature);
      return new EnvelopeSigner("key", key.describe(), null, Map.of());
    };
  }
}
