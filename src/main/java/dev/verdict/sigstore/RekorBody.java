package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Matches a log entry's canonicalized body to the signature being verified, for the entry kinds Rekor writes:
 * hashedrekord 0.0.1/0.0.2, dsse 0.0.1/0.0.2, intoto 0.0.1/0.0.2 (https://github.com/sigstore/rekor/tree/main/pkg/types,
 * https://github.com/sigstore/rekor-tiles). Without this, a valid SET for another artifact would vouch for ours.
 */
final class RekorBody {
  private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

  private RekorBody() {}

  static void match(RekorEntry e, SignedContent c) throws VerificationException {
    JsonNode body;
    try {
      body = Json.read(e.body());
    } catch (IllegalArgumentException ex) {
      throw new VerificationException("log entry body is not JSON");
    }
    String kind;
    String version;
    try {
      kind = Json.text(body, "kind");
      version = Json.text(body, "apiVersion");
    } catch (IllegalArgumentException ex) {
      throw new VerificationException("log entry body is malformed: " + ex.getMessage());
    }
    if (kind == null || version == null) {
      throw new VerificationException("log entry body has no " + (kind == null ? "kind" : "apiVersion"));
    }
    if (e.kind() != null && !e.kind().equals(kind) || e.version() != null && !e.version().equals(version)) {
      throw new VerificationException("log entry claims " + e.kind() + "/" + e.version() + " but its body is "
          + kind + "/" + version);
    }
    JsonNode spec = body.path("spec");
    String kv = kind + "/" + version;
    try {
      switch (kv) {
        case "hashedrekord/0.0.1" -> hashedRekordV1(spec, c);
        case "hashedrekord/0.0.2" -> hashedRekordV2(spec.path("hashedRekordV002"), c);
        case "dsse/0.0.1" -> dsseV1(spec, c);
        case "dsse/0.0.2" -> dsseV2(spec.path("dsseV002"), c);
        case "intoto/0.0.1" -> intotoV1(spec, c);
        case "intoto/0.0.2" -> intotoV2(spec.path("content"), c);
        default -> throw new VerificationException("unsupported log entry kind " + kv);
      }
    } catch (IllegalArgumentException ex) {
      throw new VerificationException("log entry body " + kv + " is malformed: " + ex.getMessage());
    }
  }

  private static void hashedRekordV1(JsonNode spec, SignedContent c) throws VerificationException {
    if (c.dsse()) {
      throw new VerificationException("log entry is a hashedrekord/0.0.1 but the bundle holds a DSSE envelope");
    }
    JsonNode hash = spec.path("data").path("hash");
    digest(Json.text(hash, "algorithm"), hexBytes(Json.text(hash, "value")), c);
    sameSignature(Json.base64(Json.text(spec.path("signature"), "content")), c);
    sameSigner(pem(Json.base64(Json.text(spec.path("signature").path("publicKey"), "content"))), c);
  }

  private static void hashedRekordV2(JsonNode spec, SignedContent c) throws VerificationException {
    JsonNode data = spec.path("data");
    String alg = Json.text(data, "algorithm");
    byte[] logged = Json.base64(Json.text(data, "digest"));
    if (c.dsse()) {
      // Rekor v2 logs a DSSE signature as a hashedrekord over the PAE.
      compare("PAE digest", logged, Crypto.sha256(c.pae()), "SHA2_256".equals(alg));
    } else {
      digest(alg, logged, c);
    }
    JsonNode sig = spec.path("signature");
    sameSignature(Json.base64(Json.text(sig, "content")), c);
    sameSigner(verifier(sig.path("verifier")), c);
  }

  private static void dsseV1(JsonNode spec, SignedContent c) throws VerificationException {
    payloadHash(spec.path("payloadHash"), c, false);
    JsonNode sigs = spec.path("signatures");
    onlySignature(sigs, c, s -> Json.base64(Json.text(s, "signature")), s -> pem(Json.base64(Json.text(s,
        "verifier"))));
  }

  private static void dsseV2(JsonNode spec, SignedContent c) throws VerificationException {
    payloadHash(spec.path("payloadHash"), c, true);
    onlySignature(spec.path("signatures"), c, s -> Json.base64(Json.text(s, "content")),
        s -> verifier(s.path("verifier")));
  }

  /**
   * intoto/0.0.1, what {@code cosign attest} logs: the sha256 of the envelope as uploaded, of its payload, and the
   * signer's PEM. The signature is not recorded, so the envelope hash is what binds it: without the envelope bytes
   * the entry cannot be matched to this signature and is refused.
   */
  private static void intotoV1(JsonNode spec, SignedContent c) throws VerificationException {
    if (!c.dsse()) {
      throw new VerificationException("log entry records a DSSE envelope but the bundle holds a message signature");
    }
    JsonNode content = spec.path("content");
    byte[] payloadHash = sha256Hex(content.path("payloadHash"), "spec.content.payloadHash");
    byte[] envelopeHash = sha256Hex(content.path("hash"), "spec.content.hash");
    String key = Json.text(spec, "publicKey");
    if (key == null) {
      throw new IllegalArgumentException("spec.publicKey is missing");
    }
    Object signer;
    try {
      signer = pem(Json.base64(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("spec.publicKey is not a base64 PEM certificate or public key ("
          + e.getMessage() + ")");
    }
    compare("payload hash", payloadHash, Crypto.sha256(c.payload()), true);
    if (c.envelope() == null) {
      throw new VerificationException("log entry is intoto/0.0.1, which binds the envelope bytes as uploaded, but "
          + "only the parsed envelope is known here");
    }
    compare("envelope hash", envelopeHash, Crypto.sha256(c.envelope()), true);
    sameSigner(signer, c);
  }

  /** A {@code {"algorithm":"sha256","value":HEX}} object; the schema allows no other algorithm. */
  private static byte[] sha256Hex(JsonNode h, String field) {
    String alg = Json.text(h, "algorithm");
    String value = Json.text(h, "value");
    if (alg == null || value == null) {
      throw new IllegalArgumentException(field + ".algorithm and " + field + ".value are required");
    }
    if (!"sha256".equals(alg)) {
      throw new IllegalArgumentException(field + ".algorithm is " + alg + ", not sha256");
    }
    if (!SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(field + ".value is not 64 hex digits");
    }
    return hexBytes(value);
  }

  private static void intotoV2(JsonNode content, SignedContent c) throws VerificationException {
    payloadHash(content.path("payloadHash"), c, false);
    onlySignature(content.path("envelope").path("signatures"), c, s -> {
      // intoto/0.0.2 stores the signature base64-encoded twice.
      byte[] once = Json.base64(Json.text(s, "sig"));
      if (once == null) {
        throw new VerificationException("log entry records no signature");
      }
      try {
        return Json.base64(new String(once, StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException ex) {
        return once;
      }
    }, s -> pem(Json.base64(Json.text(s, "publicKey"))));
  }

  private interface Field {
    Object get(JsonNode n) throws VerificationException;
  }

  private static void onlySignature(JsonNode sigs, SignedContent c, Field sig, Field signer)
      throws VerificationException {
    if (!c.dsse()) {
      throw new VerificationException("log entry records a DSSE envelope but the bundle holds a message signature");
    }
    if (!sigs.isArray() || sigs.size() != 1) {
      throw new VerificationException("log entry records " + (sigs.isArray() ? sigs.size() : 0)
          + " signatures; exactly 1 expected");
    }
    byte[] logged = (byte[]) sig.get(sigs.get(0));
    if (logged == null) {
      throw new VerificationException("log entry records no signature");
    }
    sameSignature(logged, c);
    sameSigner(signer.get(sigs.get(0)), c);
  }

  private static void payloadHash(JsonNode h, SignedContent c, boolean v2) throws VerificationException {
    if (!c.dsse()) {
      throw new VerificationException("log entry records a DSSE envelope but the bundle holds a message signature");
    }
    String alg = Json.text(h, "algorithm");
    byte[] logged = v2 ? Json.base64(Json.text(h, "digest")) : hexBytes(Json.text(h, "value"));
    String jca = Crypto.jcaHash(alg);
    if (jca == null) {
      throw new VerificationException("log entry payload hash algorithm " + alg + " is not supported");
    }
    compare("payload hash", logged, Crypto.digest(jca, c.payload()), true);
  }

  private static void digest(String alg, byte[] logged, SignedContent c) throws VerificationException {
    String jca = Crypto.jcaHash(alg);
    if (jca == null) {
      throw new VerificationException("log entry hash algorithm " + alg + " is not supported");
    }
    byte[] actual = c.artifact().digest(jca);
    if (actual == null) {
      throw new VerificationException("log entry records a " + jca + " digest; the artifact digest given is "
          + c.artifact().algorithm());
    }
    compare("artifact digest", logged, actual, true);
  }

  private static void compare(String what, byte[] logged, byte[] actual, boolean algorithmOk)
      throws VerificationException {
    if (!algorithmOk || logged == null || !MessageDigest.isEqual(logged, actual)) {
      throw new VerificationException("log entry " + what + " " + (logged == null ? "missing" : Crypto.hex(logged))
          + " does not match " + Crypto.hex(actual));
    }
  }

  private static void sameSignature(byte[] logged, SignedContent c) throws VerificationException {
    if (logged == null || !Arrays.equals(logged, c.signature())) {
      throw new VerificationException("log entry signature does not match the bundle's signature");
    }
  }

  private static Object verifier(JsonNode v) {
    String cert = Json.text(v.path("x509Certificate"), "rawBytes");
    if (cert != null) {
      return Certificates.fromDer(Json.base64(cert));
    }
    String key = Json.text(v.path("publicKey"), "rawBytes");
    if (key != null) {
      return Crypto.publicKey(Json.base64(key), true);
    }
    throw new IllegalArgumentException("verifier has neither certificate nor public key");
  }

  /** A PEM certificate or public key from the body. */
  private static Object pem(byte[] pemBytes) {
    if (pemBytes == null) {
      throw new IllegalArgumentException("verifier is missing");
    }
    String pem = new String(pemBytes, StandardCharsets.US_ASCII);
    if (pem.contains("BEGIN CERTIFICATE")) {
      List<java.security.cert.X509Certificate> certs = Certificates.fromPem(pem);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("verifier holds no certificate");
      }
      return certs.get(0);
    }
    return Crypto.publicKey(java.util.Base64.getMimeDecoder().decode(PublicKeyVerifier.pemBody(pem, "PUBLIC KEY")),
        true);
  }

  private static void sameSigner(Object logged, SignedContent c) throws VerificationException {
    try {
      if (logged instanceof X509Certificate cert) {
        if (c.certificate() != null && Arrays.equals(cert.getEncoded(), c.certificate().getEncoded())) {
          return;
        }
        // a key-signed bundle whose entry logged a certificate for that same key (sigstore-js fixtures do this)
        if (c.certificate() == null && Arrays.equals(cert.getPublicKey().getEncoded(), c.key().getEncoded())) {
          return;
        }
      } else if (logged instanceof PublicKey k) {
        if (c.certificate() == null && Arrays.equals(k.getEncoded(), c.key().getEncoded())) {
          return;
        }
      }
    } catch (CertificateEncodingException ex) {
      // falls through to the mismatch
    }
    throw new VerificationException("log entry signer (" + describe(logged) + ") is not the bundle's signer");
  }

  private static String describe(Object o) {
    if (o instanceof X509Certificate c) {
      return "certificate serial " + c.getSerialNumber().toString(16).toLowerCase(Locale.ROOT);
    }
    return o instanceof PublicKey k ? Crypto.describe(k) : "unknown";
  }

  private static byte[] hexBytes(String hex) {
    if (hex == null) {
      return null;
    }
    return java.util.HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
  }
}
