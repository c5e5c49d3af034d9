package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * cosign's RFC 3161 timestamp annotation on a classic signature layer, {@code {"SignedRFC3161Timestamp":"<base64
 * DER TimeStampResp>"}} (https://github.com/sigstore/cosign/blob/main/pkg/cosign/bundle/tsa.go).
 */
final class CosignTimestamp {
  static final String ANNOTATION = "dev.sigstore.cosign/rfc3161timestamp";
  private static final String EXPECTED = "JSON {\"SignedRFC3161Timestamp\": base64 DER RFC 3161 response}";

  private CosignTimestamp() {}

  /** The annotation's DER timestamp (none when absent); a malformed annotation is a failed check, never skipped. */
  static List<byte[]> read(Map<String, String> annotations, CheckRecorder log) throws SigstoreVerificationException {
    String value = annotations.get(ANNOTATION);
    if (value == null) {
      return List.of();
    }
    byte[] der;
    try {
      JsonNode n = Json.read(value.getBytes(StandardCharsets.UTF_8));
      if (!n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      String b64 = Json.text(n, "SignedRFC3161Timestamp");
      if (b64 == null || b64.isEmpty()) {
        throw new IllegalArgumentException("SignedRFC3161Timestamp is required");
      }
      try {
        // cosign writes it with Go's encoding/json, which uses standard base64 for []byte
        der = Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SignedRFC3161Timestamp is not standard base64");
      }
      TimestampVerifier.parse(der);
    } catch (IllegalArgumentException | VerificationException e) {
      throw log.fail("timestamp.annotation", ANNOTATION + " annotation is malformed: " + e.getMessage(), EXPECTED,
          "malformed");
    }
    log.pass("timestamp.annotation", "layer carries an RFC 3161 timestamp", EXPECTED, der.length + " bytes");
    return List.of(der);
  }
}
