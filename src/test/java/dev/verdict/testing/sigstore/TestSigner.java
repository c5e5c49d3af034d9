package dev.verdict.testing.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs as one identity of a {@link TestSigstore}: classic cosign layers (payload, signature, annotations) and
 * v0.3 bundles (message signature or DSSE). Each signature gets a fresh key and certificate, as with Fulcio.
 */
public final class TestSigner {
  /** A classic cosign signature layer. */
  public record Classic(byte[] payload, byte[] signature, Map<String, String> annotations, X509Certificate leaf) {}

  /** What to put in a bundle. */
  public record Options(boolean tlog, boolean timestamp, boolean sct, boolean inclusionProof) {
    public static Options defaults() {
      return new Options(true, false, true, true);
    }
  }

  /** Changes a leaf before it is signed (and before its SCT is computed), to make hostile certificates. */
  @FunctionalInterface
  public interface LeafCustomizer {
    void apply(org.bouncycastle.cert.X509v3CertificateBuilder b) throws Exception;
  }

  /** cosign's timestamp annotation name on a classic layer. */
  public static final String RFC3161_TIMESTAMP = "dev.sigstore.cosign/rfc3161timestamp";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final TestSigstore sigstore;
  private final String san;
  private final String issuer;
  private final Map<String, String> claims;
  private final Instant signedAt;
  private final LeafCustomizer custom;
  private final boolean garbageSignature;

  TestSigner(TestSigstore sigstore, String san, String issuer, Map<String, String> claims) {
    this(sigstore, san, issuer, claims, sigstore.epoch.minus(Duration.ofMinutes(1)), b -> { }, false);
  }

  private TestSigner(TestSigstore s, String san, String issuer, Map<String, String> claims, Instant signedAt,
      LeafCustomizer custom, boolean garbageSignature) {
    this.sigstore = s;
    this.san = san;
    this.issuer = issuer;
    this.claims = claims;
    this.signedAt = signedAt;
    this.custom = custom;
    this.garbageSignature = garbageSignature;
  }

  /** The same identity signing at another time (certificate valid 10 minutes from one minute before). */
  public TestSigner at(Instant time) {
    return new TestSigner(sigstore, san, issuer, claims, time, custom, garbageSignature);
  }

  /** The same identity with its leaf certificates changed by {@code c} (after the usual extensions). */
  public TestSigner customizeLeaf(LeafCustomizer c) {
    return new TestSigner(sigstore, san, issuer, claims, signedAt, c, garbageSignature);
  }

  /**
   * The same identity, but each bundle's signature is replaced by garbage before it is logged and timestamped: the
   * log entry and timestamp are genuine for the garbage, so only the signature check itself can refuse it.
   */
  public TestSigner garbageSignature() {
    return new TestSigner(sigstore, san, issuer, claims, signedAt, custom, true);
  }

  private byte[] maybeGarbage(byte[] sig) {
    if (!garbageSignature) {
      return sig;
    }
    byte[] g = sig.clone();
    g[g.length / 2] ^= 0x5a;
    g[g.length - 1] ^= 0x01;
    return g;
  }

  /** Signs a cosign simple-signing payload: annotations carry the signature, certificate, chain and SET. */
  public Classic signClassic(byte[] payload) {
    KeyPair key = TestSigstore.ec("secp256r1");
    X509Certificate leaf = leaf(key, true);
    byte[] sig = TestSigstore.sign(key.getPrivate(), payload);
    TestRekor.Entry e = sigstore.rekor.append(hashedRekord(sha256(payload), sig, pem(leaf)), signedAt
        .getEpochSecond());
    Map<String, String> ann = new LinkedHashMap<>();
    ann.put("dev.cosignproject.cosign/signature", b64(sig));
    ann.put("dev.sigstore.cosign/certificate", pem(leaf));
    ann.put("dev.sigstore.cosign/chain", pem(sigstore.intermediate) + pem(sigstore.root));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("body", b64(e.body()));
    p.put("integratedTime", e.integratedTime());
    p.put("logIndex", e.logIndex());
    p.put("logID", HexFormat.of().formatHex(e.logId()));
    ann.put("dev.sigstore.cosign/bundle", JSON.writeValueAsString(Map.of("SignedEntryTimestamp", b64(e.set()),
        "Payload", p)));
    return new Classic(payload.clone(), sig, ann, leaf);
  }

  /**
   * Signs as {@code cosign sign --timestamp-server-url}: the SET annotation only when {@code o.tlog()}, and when
   * {@code o.timestamp()} an RFC 3161 timestamp over the raw signature bytes at the signing time. The certificate
   * always carries an SCT.
   */
  public Classic signClassic(byte[] payload, Options o) {
    Classic c = signClassic(payload);
    Map<String, String> ann = new LinkedHashMap<>(c.annotations());
    if (!o.tlog()) {
      ann.remove("dev.sigstore.cosign/bundle");
    }
    if (o.timestamp()) {
      ann.put(RFC3161_TIMESTAMP, rfc3161Annotation(sigstore.tsa.timestamp(c.signature(), signedAt)));
    }
    return new Classic(c.payload(), c.signature(), ann, c.leaf());
  }

  /** The annotation value cosign writes for a DER timestamp response (Go's JSON of bundle.RFC3161Timestamp). */
  public static String rfc3161Annotation(byte[] timestampResponse) {
    return JSON.writeValueAsString(Map.of("SignedRFC3161Timestamp", b64(timestampResponse)));
  }

  /** A v0.3 bundle with a message signature over {@code artifact}. */
  public byte[] bundle(byte[] artifact, Options o) {
    KeyPair key = TestSigstore.ec("secp256r1");
    X509Certificate leaf = leaf(key, o.sct());
    byte[] sig = maybeGarbage(TestSigstore.sign(key.getPrivate(), artifact));
    byte[] digest = sha256(artifact);
    Map<String, Object> bundle = new LinkedHashMap<>();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    bundle.put("verificationMaterial", material(leaf, sig, hashedRekord(digest, sig, pem(leaf)), o));
    bundle.put("messageSignature", Map.of("messageDigest", Map.of("algorithm", "SHA2_256", "digest", b64(digest)),
        "signature", b64(sig)));
    return JSON.writeValueAsBytes(bundle);
  }

  /** A v0.3 bundle with a DSSE envelope holding {@code statement} (in-toto), logged as dsse/0.0.1. */
  public byte[] dsseBundle(byte[] statement, Options o) {
    KeyPair key = TestSigstore.ec("secp256r1");
    X509Certificate leaf = leaf(key, o.sct());
    String type = "application/vnd.in-toto+json";
    byte[] pae = pae(type, statement);
    byte[] sig = maybeGarbage(TestSigstore.sign(key.getPrivate(), pae));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("envelopeHash", Map.of("algorithm", "sha256", "value", HexFormat.of().formatHex(sha256(pae))));
    spec.put("payloadHash", Map.of("algorithm", "sha256", "value", HexFormat.of().formatHex(sha256(statement))));
    spec.put("signatures", List.of(Map.of("signature", b64(sig), "verifier", b64(pem(leaf).getBytes(
        StandardCharsets.US_ASCII)))));
    byte[] body = JSON.writeValueAsBytes(Map.of("apiVersion", "0.0.1", "kind", "dsse", "spec", spec));
    Map<String, Object> bundle = new LinkedHashMap<>();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    bundle.put("verificationMaterial", material(leaf, sig, body, o));
    bundle.put("dsseEnvelope", Map.of("payload", b64(statement), "payloadType", type,
        "signatures", List.of(Map.of("sig", b64(sig), "keyid", ""))));
    return JSON.writeValueAsBytes(bundle);
  }

  /** An in-toto v1 statement with one subject. */
  public static byte[] statement(String name, byte[] sha256, String predicateType) {
    return JSON.writeValueAsBytes(Map.of("_type", "https://in-toto.io/Statement/v1",
        "subject", List.of(Map.of("name", name, "digest", Map.of("sha256", HexFormat.of().formatHex(sha256)))),
        "predicateType", predicateType, "predicate", Map.of()));
  }

  private Map<String, Object> material(X509Certificate leaf, byte[] sig, byte[] body, Options o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("certificate", Map.of("rawBytes", b64(der(leaf))));
    List<Object> entries = new ArrayList<>();
    if (o.tlog()) {
      TestRekor.Entry e = sigstore.rekor.append(body, signedAt.getEpochSecond());
      String kind = new String(body, StandardCharsets.UTF_8).contains("\"dsse\"") ? "dsse" : "hashedrekord";
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("logIndex", Long.toString(e.logIndex()));
      entry.put("logId", Map.of("keyId", b64(e.logId())));
      entry.put("kindVersion", Map.of("kind", kind, "version", "0.0.1"));
      entry.put("integratedTime", Long.toString(e.integratedTime()));
      entry.put("inclusionPromise", Map.of("signedEntryTimestamp", b64(e.set())));
      if (o.inclusionProof()) {
        entry.put("inclusionProof", Map.of("logIndex", Long.toString(e.logIndex()), "rootHash", b64(e.rootHash()),
            "treeSize", Long.toString(e.treeSize()), "hashes", TestSigstore.b64(e.proof()),
            "checkpoint", Map.of("envelope", e.checkpoint())));
      }
      entry.put("canonicalizedBody", b64(e.body()));
      entries.add(entry);
    }
    m.put("tlogEntries", entries);
    if (o.timestamp()) {
      m.put("timestampVerificationData", Map.of("rfc3161Timestamps", List.of(Map.of("signedTimestamp",
          b64(sigstore.tsa.timestamp(sig, signedAt))))));
    }
    return m;
  }

  private X509Certificate leaf(KeyPair key, boolean sct) {
    return sigstore.leaf(key.getPublic(), san, issuer, claims, signedAt.minus(Duration.ofMinutes(1)),
        Duration.ofMinutes(10), sct, custom);
  }

  static byte[] hashedRekord(byte[] digest, byte[] sig, String signerPem) {
    return JSON.writeValueAsBytes(Map.of("apiVersion", "0.0.1", "kind", "hashedrekord", "spec", Map.of(
        "data", Map.of("hash", Map.of("algorithm", "sha256", "value", HexFormat.of().formatHex(digest))),
        "signature", Map.of("content", b64(sig), "publicKey", Map.of("content",
            b64(signerPem.getBytes(StandardCharsets.US_ASCII)))))));
  }

  static byte[] pae(String type, byte[] payload) {
    byte[] t = type.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("DSSEv1 " + t.length + " " + type + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(X509Certificate c) {
    return TestSigstore.pem("CERTIFICATE", der(c));
  }

  static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** A keyless classic cosign attestation over {@code statement}, logged as intoto/0.0.1 (cosign attest's default). */
  public ClassicAttestation signClassicAttestation(byte[] statement) {
    return signClassicAttestation(statement, ClassicAttestation.Kind.INTOTO);
  }

  /** A keyless classic cosign attestation over {@code statement}, logged as the given entry kind. */
  public ClassicAttestation signClassicAttestation(byte[] statement, ClassicAttestation.Kind kind) {
    KeyPair key = TestSigstore.ec("secp256r1");
    return ClassicAttestation.sign(sigstore, key, leaf(key, true), statement, signedAt, kind);
  }
}
