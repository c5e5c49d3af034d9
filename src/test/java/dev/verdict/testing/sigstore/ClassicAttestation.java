package dev.verdict.testing.sigstore;

import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A keyless classic cosign attestation as {@code cosign attest} (keyless, with tlog) writes it: the {@code .att} layer
 * blob is the DSSE envelope, logged in Rekor as intoto/0.0.1 (sha256 of the envelope bytes and of the payload, the
 * certificate PEM), with the certificate, chain and SET in the layer annotations and an empty signature annotation.
 *
 * @param envelope the layer blob
 * @param annotations the layer annotations (predicateType, signature, certificate, chain, bundle)
 * @param leaf the signing certificate
 * @param key its key pair, to sign other envelopes as the same certificate
 * @param entry the Rekor entry the SET is for
 */
public record ClassicAttestation(byte[] envelope, Map<String, String> annotations, X509Certificate leaf, KeyPair key,
    TestRekor.Entry entry) {
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public ClassicAttestation {
    annotations = Map.copyOf(annotations);
  }

  /** Which Rekor entry kind cosign writes: intoto/0.0.1 (the default) or, with --rekor-entry-type dsse, dsse/0.0.1. */
  public enum Kind { INTOTO, DSSE }

  static ClassicAttestation sign(TestSigstore s, KeyPair key, X509Certificate leaf, byte[] statement,
      Instant signedAt, Kind kind) {
    byte[] sig = TestSigstore.sign(key.getPrivate(), TestSigner.pae(PAYLOAD_TYPE, statement));
    byte[] envelope = envelope(statement, sig);
    String pem = TestSigner.pem(leaf);
    byte[] body = kind == Kind.INTOTO ? intotoBody(envelope, statement, pem) : dsseBody(statement, sig, pem);
    TestRekor.Entry e = s.rekor.append(body, signedAt.getEpochSecond());
    Map<String, String> ann = new LinkedHashMap<>();
    ann.put("predicateType", predicateType(statement));
    ann.put("dev.cosignproject.cosign/signature", "");
    ann.put("dev.sigstore.cosign/certificate", pem);
    ann.put("dev.sigstore.cosign/chain", TestSigner.pem(s.intermediate) + TestSigner.pem(s.root));
    ann.put("dev.sigstore.cosign/bundle", setAnnotation(e));
    return new ClassicAttestation(envelope, ann, leaf, key, e);
  }

  /** The envelope as the Go DSSE library marshals it. */
  public static byte[] envelope(byte[] statement, byte[] sig) {
    return ("{\"payloadType\":\"" + PAYLOAD_TYPE + "\",\"payload\":\"" + TestSigner.b64(statement)
        + "\",\"signatures\":[{\"keyid\":\"\",\"sig\":\"" + TestSigner.b64(sig) + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical intoto/0.0.1 body (rekor pkg/types/intoto/v0.0.1 Canonicalize). */
  public static byte[] intotoBody(byte[] envelope, byte[] payload, String signerPem) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("hash", hash(envelope));
    content.put("payloadHash", hash(payload));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("content", content);
    spec.put("publicKey", TestSigner.b64(signerPem.getBytes(StandardCharsets.US_ASCII)));
    return JSON.writeValueAsBytes(Map.of("apiVersion", "0.0.1", "kind", "intoto", "spec", spec));
  }

  private static byte[] dsseBody(byte[] payload, byte[] sig, String signerPem) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("payloadHash", hash(payload));
    spec.put("signatures", List.of(Map.of("signature", TestSigner.b64(sig), "verifier",
        TestSigner.b64(signerPem.getBytes(StandardCharsets.US_ASCII)))));
    return JSON.writeValueAsBytes(Map.of("apiVersion", "0.0.1", "kind", "dsse", "spec", spec));
  }

  private static Map<String, String> hash(byte[] b) {
    return Map.of("algorithm", "sha256", "value", HexFormat.of().formatHex(TestSigner.sha256(b)));
  }

  /** cosign's {@code dev.sigstore.cosign/bundle}: the SET and the entry it signs. */
  static String setAnnotation(TestRekor.Entry e) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("body", TestSigner.b64(e.body()));
    p.put("integratedTime", e.integratedTime());
    p.put("logIndex", e.logIndex());
    p.put("logID", HexFormat.of().formatHex(e.logId()));
    return JSON.writeValueAsString(Map.of("SignedEntryTimestamp", TestSigner.b64(e.set()), "Payload", p));
  }

  private static String predicateType(byte[] statement) {
    return JSON.readTree(statement).path("predicateType").asString();
  }

  /** An envelope over {@code statement} signed by this attestation's certificate key (not logged). */
  public byte[] envelopeOver(byte[] statement) {
    return envelope(statement, TestSigstore.sign(key.getPrivate(), TestSigner.pae(PAYLOAD_TYPE, statement)));
  }

  /** The same attestation with another layer blob (the annotations, and so the SET, unchanged). */
  public ClassicAttestation withEnvelope(byte[] other) {
    return new ClassicAttestation(other, annotations, leaf, key, entry);
  }

  /** The same attestation with its annotations edited. */
  public ClassicAttestation withAnnotations(java.util.function.Consumer<Map<String, String>> edit) {
    Map<String, String> a = new LinkedHashMap<>(annotations);
    edit.accept(a);
    return new ClassicAttestation(envelope, a, leaf, key, entry);
  }

  /** The {@code .att} layer. */
  public ClassicSigner.Layer layer() {
    return new ClassicSigner.Layer(envelope, annotations);
  }
}
