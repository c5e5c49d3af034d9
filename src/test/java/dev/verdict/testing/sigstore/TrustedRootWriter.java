package dev.verdict.testing.sigstore;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes a trusted_root.json (protobuf-specs TrustedRoot v0.1) for test trust material. */
public final class TrustedRootWriter {
  private TrustedRootWriter() {}

  /**
   * @param caChain the Fulcio chain, leaf-most first and root last
   * @param ctKey CT log key, or null for none
   * @param tsaChain TSA chain (signer first), or empty for none
   */
  public static String json(List<X509Certificate> caChain, PublicKey rekorKey, PublicKey ctKey,
      List<X509Certificate> tsaChain, Instant start) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    root.put("tlogs", rekorKey == null ? List.of() : List.of(log("https://rekor.test", rekorKey, start)));
    root.put("certificateAuthorities", List.of(authority("https://fulcio.test", caChain, start)));
    root.put("ctlogs", ctKey == null ? List.of() : List.of(log("https://ctfe.test", ctKey, start)));
    root.put("timestampAuthorities", tsaChain.isEmpty() ? List.of() : List.of(authority("https://tsa.test",
        tsaChain, start)));
    return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  /** A trusted root of the given entries (each list may hold the same key or CA several times). */
  public static String json(List<Map<String, Object>> cas, List<Map<String, Object>> tlogs,
      List<Map<String, Object>> ctlogs, List<Map<String, Object>> tsas) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    root.put("tlogs", tlogs);
    root.put("certificateAuthorities", cas);
    root.put("ctlogs", ctlogs);
    root.put("timestampAuthorities", tsas);
    return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  static Map<String, Object> log(String url, PublicKey key, Instant start) {
    return log(url, key, start, null);
  }

  static Map<String, Object> window(Instant start, Instant end) {
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("start", start.toString());
    if (end != null) {
      w.put("end", end.toString());
    }
    return w;
  }

  static Map<String, Object> log(String url, PublicKey key, Instant start, Instant end) {
    String alg = key.getAlgorithm().equals("EC") ? "PKIX_ECDSA_P256_SHA_256"
        : key.getAlgorithm().equals("RSA") ? "PKIX_RSA_PKCS1V15_2048_SHA256" : "PKIX_ED25519";
    return Map.of("baseUrl", url, "hashAlgorithm", "SHA2_256",
        "publicKey", Map.of("rawBytes", b64(key.getEncoded()), "keyDetails", alg,
            "validFor", window(start, end)),
        "logId", Map.of("keyId", b64(TestRekor.sha256(key.getEncoded()))));
  }

  static Map<String, Object> authority(String uri, List<X509Certificate> chain, Instant start) {
    return authority(uri, chain, start, null);
  }

  static Map<String, Object> authority(String uri, List<X509Certificate> chain, Instant start, Instant end) {
    List<Map<String, String>> certs = new ArrayList<>();
    try {
      for (X509Certificate c : chain) {
        certs.add(Map.of("rawBytes", b64(c.getEncoded())));
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return Map.of("subject", Map.of("organization", "verdict.test", "commonName", uri), "uri", uri,
        "certChain", Map.of("certificates", certs), "validFor", window(start, end));
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
