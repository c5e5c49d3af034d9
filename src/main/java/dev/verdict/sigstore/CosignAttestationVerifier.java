package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Classic cosign attestations signed with a certificate
 * (https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md): a {@code .att} layer holding a DSSE
 * envelope, the certificate, chain and Rekor SET in the layer's cosign annotations. {@code cosign attest} logs the
 * envelope bytes as an intoto/0.0.1 entry ({@code --rekor-entry-type dsse}: dsse/0.0.1), so the entry is matched
 * against this layer's bytes, payload and certificate, not against the PAE alone.
 */
public final class CosignAttestationVerifier {
  private CosignAttestationVerifier() {}

  /**
   * Verifies one signature of a certificate-signed attestation layer: the signature over the PAE, the log entry (SET)
   * when present or required, certificate chain and validity at the integrated time, SCT, identity and claims.
   *
   * @param envelope the layer blob, exactly as stored (its sha256 is what an intoto/0.0.1 entry records)
   * @param pae the pre-authentication encoding of that envelope, as the caller verified it
   * @param signature one signature of that envelope
   */
  public static SignerInfo verify(byte[] envelope, byte[] pae, byte[] signature, Map<String, String> annotations,
      CertificateRequirements req) throws SigstoreVerificationException {
    CheckLog log = new CheckLog("cosign attestation");
    byte[] payload = payload(envelope, pae, signature, log);
    X509Certificate leaf = leaf(annotations, log);
    List<X509Certificate> chain = chain(annotations, log);
    try {
      Crypto.verify(leaf.getPublicKey(), pae, signature, "DSSE signature");
    } catch (VerificationException e) {
      throw log.fail("cosign.signature", e.getMessage(), "signature by the certificate's key", "invalid");
    }
    log.pass("cosign.signature", "DSSE signature over the envelope verifies", "signature by the certificate's key",
        "valid, " + Crypto.describe(leaf.getPublicKey()));
    SignedContent content = new SignedContent(null, payload, pae, signature, leaf, null, envelope);
    List<LogProof> proofs = LogChecks.entries(CosignVerifier.entries(annotations, log), content, req.trustedRoot(),
        0, req.tlogRequired(), log);
    List<Instant> times = proofs.stream().map(LogProof::integratedTime).filter(t -> t != null).toList();
    CertificateCheck.Outcome o = CertificateCheck.verify(leaf, chain, req, times, log);
    return new SignerInfo(req.privatePki() ? "certificate" : "keyless", o.subject(), o.issuer(), o.extensions(),
        times.isEmpty() ? null : times.get(0), proofs.isEmpty() ? null : proofs.get(0).logIndex(), o.anchor(),
        List.of(), log.checks());
  }

  /**
   * The envelope's decoded payload, after checking that {@code pae} and {@code signature} are this envelope's: the
   * caller parsed the same bytes, and a disagreement between the two parsers must not let one envelope's entry vouch
   * for another's statement.
   */
  private static byte[] payload(byte[] envelope, byte[] pae, byte[] signature, CheckLog log)
      throws SigstoreVerificationException {
    byte[] payload;
    try {
      JsonNode env = Json.read(envelope);
      String type = Json.text(env, "payloadType");
      payload = Json.base64(Json.text(env, "payload"));
      if (type == null || payload == null) {
        throw new IllegalArgumentException("payloadType and payload are required");
      }
      if (!MessageDigest.isEqual(Dsse.pae(type, payload), pae)) {
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

  private static X509Certificate leaf(Map<String, String> annotations, CheckLog log)
      throws SigstoreVerificationException {
    String pem = annotations.get(CosignVerifier.CERTIFICATE);
    if (pem == null || pem.isBlank()) {
      throw log.fail("cosign.certificate", "layer has no " + CosignVerifier.CERTIFICATE + " annotation",
          "a signing certificate", "none");
    }
    X509Certificate leaf;
    try {
      leaf = Certificates.fromPem(pem).get(0);
    } catch (IllegalArgumentException e) {
      throw log.fail("cosign.certificate", CosignVerifier.CERTIFICATE + " annotation is malformed: "
          + e.getMessage(), "a PEM certificate", "malformed");
    }
    log.pass("cosign.certificate", "layer carries a signing certificate", "a signing certificate",
        "serial " + leaf.getSerialNumber().toString(16));
    return leaf;
  }

  private static List<X509Certificate> chain(Map<String, String> annotations, CheckLog log)
      throws SigstoreVerificationException {
    String pem = annotations.get(CosignVerifier.CHAIN);
    if (pem == null || pem.isBlank()) {
      return List.of();
    }
    try {
      return new ArrayList<>(Certificates.fromPem(pem));
    } catch (IllegalArgumentException e) {
      throw log.fail("cosign.certificate", CosignVerifier.CHAIN + " annotation is malformed: " + e.getMessage(),
          "PEM certificates", "malformed");
    }
  }
}
