package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Classic cosign attestations signed with a certificate
 * (https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md): a {@code .att} layer holding a DSSE
 * envelope, the certificate, chain and Rekor SET in the layer's cosign annotations. {@code cosign attest} logs the
 * envelope bytes as an intoto/0.0.1 entry ({@code --rekor-entry-type dsse}: dsse/0.0.1), so the entry is matched
 * against this layer's bytes, payload and certificate, not against the PAE alone.
 */
final class CosignAttestationVerifier {
  private CosignAttestationVerifier() {}

  /**
   * Verifies one signature of a certificate-signed attestation layer: the signature over the PAE, the log entry (SET)
   * when present or required, certificate chain and validity at the integrated time, SCT, identity and claims.
   *
   * @param envelope the layer blob, exactly as stored (its sha256 is what an intoto/0.0.1 entry records)
   * @param pae the pre-authentication encoding of that envelope, as the caller verified it
   * @param signature one signature of that envelope
   */
  public static VerifiedSigner verify(byte[] envelope, byte[] pae, byte[] signature, Map<String, String> annotations,
      CertificateRequirements req) throws SigstoreVerificationException {
    CheckRecorder log = new CheckRecorder("cosign attestation");
    byte[] payload = payload(envelope, pae, signature, log);
    CosignVerifier.LayerCertificate cert = CosignVerifier.LayerCertificate.read(annotations, log);
    try {
      Crypto.verify(cert.leaf().getPublicKey(), pae, signature, "DSSE signature");
    } catch (VerificationException e) {
      throw log.fail("cosign.signature", e.getMessage(), "signature by the certificate's key", "invalid");
    }
    log.pass("cosign.signature", "DSSE signature over the envelope verifies", "signature by the certificate's key",
        "valid, " + Crypto.describe(cert.leaf().getPublicKey()));
    SignedContent content = new SignedContent(null, payload, pae, signature, cert.leaf(), null, envelope);
    // cosign timestamps an attestation layer's whole envelope: its signature annotation is empty
    return CosignVerifier.proveSigner(content, cert, annotations, req, envelope, log);
  }

  /**
   * The envelope's decoded payload, after checking that {@code pae} and {@code signature} are this envelope's: the
   * caller parsed the same bytes, and a disagreement between the two parsers must not let one envelope's entry vouch
   * for another's statement.
   */
  private static byte[] payload(byte[] envelope, byte[] pae, byte[] signature, CheckRecorder log)
      throws SigstoreVerificationException {
    byte[] payload;
    try {
      JsonNode env = Json.read(envelope);
      String type = Json.text(env, "payloadType");
      payload = Json.base64(Json.text(env, "payload"));
      if (type == null || payload == null) {
        throw new IllegalArgumentException("payloadType and payload are required");
      }
      if (!MessageDigest.isEqual(Pae.encode(type, payload), pae)) {
        throw new IllegalArgumentException("the signed PAE is not this envelope's");
      }
      // as for bundles: one signature, so the certificate and log entry speak for the whole envelope
      JsonNode sigs = Json.array(env, "signatures");
      if (sigs.size() != 1) {
        throw new IllegalArgumentException("signatures holds " + sigs.size() + " signatures; exactly 1 expected");
      }
      if (!Arrays.equals(Json.base64(Json.text(sigs.get(0), "sig")), signature)) {
        throw new IllegalArgumentException("the signature is not this envelope's signature");
      }
    } catch (IllegalArgumentException e) {
      throw log.fail("cosign.envelope", "DSSE envelope: " + e.getMessage(), "the layer's DSSE envelope", "malformed");
    }
    return payload;
  }
}
