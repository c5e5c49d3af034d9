package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Classic cosign signatures (a {@code .sig} image layer and its annotations,
 * https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md): the Fulcio or private-PKI certificate, the
 * Rekor SET of the {@code dev.sigstore.cosign/bundle} annotation and the RFC 3161 timestamp of
 * {@code dev.sigstore.cosign/rfc3161timestamp}.
 */
final class CosignVerifier {
  public static final String SIGNATURE = "dev.cosignproject.cosign/signature";
  public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
  public static final String CHAIN = "dev.sigstore.cosign/chain";
  public static final String BUNDLE = "dev.sigstore.cosign/bundle";
  public static final String TIMESTAMP = CosignTimestamp.ANNOTATION;
  private static final java.util.regex.Pattern LOG_ID = java.util.regex.Pattern.compile("[0-9a-f]{64}");

  private CosignVerifier() {}

  /**
   * Verifies a certificate-signed layer: signature over the payload, log entry (SET) when present or required,
   * RFC 3161 timestamp over the raw signature bytes when present (as cosign's {@code VerifyRFC3161Timestamp}),
   * certificate chain and validity at every proven time, SCT, identity and claims.
   *
   * @param signature the raw signature bytes, or null to read {@code dev.cosignproject.cosign/signature}
   */
  public static VerifiedSigner verifyCosignCertificate(byte[] payload, byte[] signature,
      Map<String, String> annotations, CertificateRequirements req) throws SigstoreVerificationException {
    CheckRecorder log = new CheckRecorder("cosign signature");
    byte[] sig = signature(signature, annotations, log);
    LayerCertificate cert = LayerCertificate.read(annotations, log);
    try {
      Crypto.verify(cert.leaf().getPublicKey(), payload, sig, "payload signature");
    } catch (VerificationException e) {
      throw log.fail("cosign.signature", e.getMessage(), "signature by the certificate's key", "invalid");
    }
    log.pass("cosign.signature", "signature over the payload verifies", "signature by the certificate's key",
        "valid, " + Crypto.describe(cert.leaf().getPublicKey()));
    SignedContent content = new SignedContent(ArtifactInput.ofBytes(payload), null, null, sig, cert.leaf(), null);
    return proveSigner(content, cert, annotations, req, sig, log);
  }

  /** The signing certificate and chain of a layer's {@code certificate} and {@code chain} annotations. */
  record LayerCertificate(X509Certificate leaf, List<X509Certificate> chain) {
    static LayerCertificate read(Map<String, String> annotations, CheckRecorder log)
        throws SigstoreVerificationException {
      String certPem = annotations.get(CERTIFICATE);
      if (certPem == null || certPem.isBlank()) {
        throw log.fail("cosign.certificate", "layer has no " + CERTIFICATE + " annotation", "a signing certificate",
            "none");
      }
      X509Certificate leaf = pem(annotations, CERTIFICATE, log).get(0);
      String chainPem = annotations.get(CHAIN);
      List<X509Certificate> chain = chainPem == null || chainPem.isBlank() ? List.of() : pem(annotations, CHAIN, log);
      log.pass("cosign.certificate", "layer carries a signing certificate", "a signing certificate",
          "serial " + leaf.getSerialNumber().toString(16) + (chain.isEmpty() ? "" : " + " + chain.size()
              + " chain certificate(s)"));
      return new LayerCertificate(leaf, List.copyOf(chain));
    }

    private static List<X509Certificate> pem(Map<String, String> annotations, String name, CheckRecorder log)
        throws SigstoreVerificationException {
      try {
        return Certificates.fromPem(annotations.get(name));
      } catch (IllegalArgumentException e) {
        throw log.fail("cosign.certificate", name + " annotation is malformed: " + e.getMessage(),
            "PEM certificates", "malformed");
      }
    }
  }

  /**
   * What a certificate-signed layer must prove once its signature verified, for signatures and attestations alike:
   * the Rekor SET of the {@code bundle} annotation matched to {@code content}, the RFC 3161 timestamp of the
   * {@code rfc3161timestamp} annotation over {@code timestamped}, and the certificate (chain, validity at every
   * proven time, SCT, identity, claims).
   *
   * @param timestamped what cosign timestamps: the raw signature of a {@code .sig} layer, the whole envelope (the
   *     layer blob) of a {@code .att} layer
   */
  static VerifiedSigner proveSigner(SignedContent content, LayerCertificate cert, Map<String, String> annotations,
      CertificateRequirements req, byte[] timestamped, CheckRecorder log) throws SigstoreVerificationException {
    List<RekorEntry> entries = entries(annotations, log);
    List<byte[]> stamps = CosignTimestamp.read(annotations, log);
    if (entries.isEmpty() && !stamps.isEmpty() && req.tlogRequired()) {
      throw log.fail("tlog.required", "no transparency-log entry, and the log is required (an RFC 3161 timestamp "
          + "stands in for it only where the authority makes the log optional)", "at least 1 verified Rekor entry",
          "0 (an RFC 3161 timestamp only)");
    }
    List<LogProof> proofs = LogChecks.entries(entries, content, req.trustedRoot(), 0, req.tlogRequired(), log);
    List<Instant> tsaTimes = LogChecks.timestamps(stamps, timestamped, req.trustedRoot(), log).stream()
        .map(TimestampVerifier.Result::time).toList();
    List<Instant> setTimes = proofs.stream().map(LogProof::integratedTime).filter(t -> t != null).toList();
    List<Instant> times = new ArrayList<>(setTimes);
    times.addAll(tsaTimes);
    CertificateCheck.Outcome o = CertificateCheck.verify(cert.leaf(), cert.chain(), req, times, tsaTimes, log);
    return new VerifiedSigner(req.privatePki() ? "certificate" : "keyless", o.subject(), o.issuer(), o.extensions(),
        setTimes.isEmpty() ? null : setTimes.get(0), proofs.isEmpty() ? null : proofs.get(0).logIndex(), o.anchor(),
        tsaTimes, log.checks());
  }

  /**
   * Verifies the Rekor SET of a key-signed layer: the SET with the trusted root's Rekor key, and the entry body
   * against this payload, signature and key. The signature itself is the caller's key check.
   */
  public static LogProof verifyCosignSet(byte[] payload, byte[] signature, Map<String, String> annotations,
      PublicKey key, TrustedRoot root) throws SigstoreVerificationException {
    CheckRecorder log = new CheckRecorder("cosign signature");
    byte[] sig = signature(signature, annotations, log);
    List<RekorEntry> entries = entries(annotations, log);
    SignedContent content = new SignedContent(ArtifactInput.ofBytes(payload), null, null, sig, null, key);
    return LogChecks.entries(entries, content, root, 0, true, log).get(0);
  }

  private static byte[] signature(byte[] given, Map<String, String> annotations, CheckRecorder log)
      throws SigstoreVerificationException {
    if (given != null) {
      return given;
    }
    try {
      String b64 = annotations.get(SIGNATURE);
      // cosign wraps long (RSA) signatures across lines
      byte[] sig = b64 == null ? null : java.util.Base64.getMimeDecoder().decode(b64);
      if (sig != null && sig.length > 0) {
        return sig;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw log.fail("cosign.signature", "layer has no valid " + SIGNATURE + " annotation", "base64 signature",
        "none");
  }

  /** The SET annotation as a log entry: {SignedEntryTimestamp, Payload{body, integratedTime, logIndex, logID}}. */
  static List<RekorEntry> entries(Map<String, String> annotations, CheckRecorder log)
      throws SigstoreVerificationException {
    String bundle = annotations.get(BUNDLE);
    if (bundle == null) {
      return List.of();
    }
    try {
      JsonNode n = Json.read(bundle.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      JsonNode p = Json.obj(n, "Payload");
      byte[] set = Json.base64(Json.text(n, "SignedEntryTimestamp"));
      String bodyText = Json.text(p, "body");
      byte[] body = Json.base64(bodyText);
      String logId = Json.text(p, "logID");
      if (set == null || body == null || logId == null) {
        throw new IllegalArgumentException("SignedEntryTimestamp, Payload.body and Payload.logID are required");
      }
      // The SET signs body and logID as written, so only their canonical spellings can verify: a re-spelled
      // value (upper-case hex, non-zero base64 padding bits) is refused here rather than re-encoded into a pass.
      if (!java.util.Base64.getEncoder().encodeToString(body).equals(bodyText)) {
        throw new IllegalArgumentException("Payload.body is not canonical standard base64");
      }
      if (!LOG_ID.matcher(logId).matches()) {
        throw new IllegalArgumentException("Payload.logID is not 64 lower-case hex digits");
      }
      return List.of(new RekorEntry(Json.int64(p, "logIndex"), HexFormat.of().parseHex(logId), null, null,
          Json.int64(p, "integratedTime"), set, null, body));
    } catch (RuntimeException e) {
      throw log.fail("tlog.entry", BUNDLE + " annotation is malformed: " + e.getMessage(), "a Rekor SET bundle",
          "malformed");
    }
  }
}
