package dev.verdict.sigstore;

import java.security.PublicKey;
import java.security.cert.X509Certificate;

/**
 * What a log entry must describe: the signed content (an artifact digest, or a DSSE payload and its PAE), the
 * signature, and the signer (certificate or key).
 *
 * @param artifact for message signatures, the artifact (digest) signed; null for DSSE
 * @param payload for DSSE, the envelope payload; null for message signatures
 * @param pae for DSSE, the pre-authentication encoding that was signed
 * @param envelope for DSSE, the envelope bytes exactly as stored and logged (a cosign {@code .att} layer blob), or
 *     null when only the parsed envelope is known (a bundle); intoto/0.0.1 entries need them
 */
record SignedContent(ArtifactInput artifact, byte[] payload, byte[] pae, byte[] signature,
    X509Certificate certificate, PublicKey key, byte[] envelope) {
  SignedContent(ArtifactInput artifact, byte[] payload, byte[] pae, byte[] signature, X509Certificate certificate,
      PublicKey key) {
    this(artifact, payload, pae, signature, certificate, key, null);
  }

  boolean dsse() {
    return payload != null;
  }

  PublicKey signerKey() {
    return certificate != null ? certificate.getPublicKey() : key;
  }
}
