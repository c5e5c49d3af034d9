package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bundles are proto3 JSON: zero values are omitted (the first entry of a log has no {@code logIndex}), int64 may be
 * a string or a number, bytes may be standard or URL-safe base64 with or without padding. What the Sigstore specs
 * require stays required: an omitted required value is a zero value that fails its check.
 */
class Proto3JsonTest {
  static final String EMAIL = "dev@verdict.test";
  static final String ISSUER = "https://issuer.verdict.test";
  static final byte[] ARTIFACT = "first entry of the log".getBytes(StandardCharsets.UTF_8);
  static TestSigstore sigstore;
  static TrustedRoot root;
  static CertificateRequirements req;

  @BeforeAll
  static void setUp() throws Exception {
    sigstore = TestSigstore.createWithEmptyLog();
    root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "trusted_root.json");
    req = CertificateRequirements.keyless(root, List.of(new Identity(StringMatch.exact(ISSUER),
        StringMatch.exact(EMAIL))), Map.of());
  }

  /** A fresh bundle (logged at index 0 only for the first one made), changed by {@code edit}. */
  static byte[] bundle(byte[] signed, Consumer<ObjectNode> edit) {
    ObjectNode b = (ObjectNode) Json.read(signed);
    edit.accept(b);
    return Json.mapper().writeValueAsBytes(b);
  }

  static ObjectNode entry(ObjectNode b) {
    return (ObjectNode) b.get("verificationMaterial").get("tlogEntries").get(0);
  }

  static ObjectNode proof(ObjectNode b) {
    return (ObjectNode) entry(b).get("inclusionProof");
  }

  static String failed(byte[] bundle) {
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(bundle,
        ArtifactInput.ofBytes(ARTIFACT), req));
    return e.checks().get(e.checks().size() - 1).id() + ": " + e.getMessage();
  }

  static byte[] first;

  /** The bundle of the first entry of the test log (index 0), made once. */
  static synchronized byte[] first() {
    if (first == null) {
      first = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults());
      assertEquals("0", entry((ObjectNode) Json.read(first)).get("logIndex").asString());
    }
    return first;
  }

  @Test
  void verifyBundle_firstLogEntryWithLogIndexOmitted_verifies() throws Exception {
    byte[] b = bundle(first(), n -> {
      entry(n).remove("logIndex");
      proof(n).remove("logIndex");
    });
    BundleResult r = BundleVerifier.verify(b, ArtifactInput.ofBytes(ARTIFACT), req);
    assertEquals(0L, r.signer().logIndex());
  }

  @Test
  void verifyBundle_int64AsNumbersAndBytesUrlSafeUnpadded_verifies() throws Exception {
    byte[] b = bundle(first(), n -> {
      entry(n).put("logIndex", 0);
      entry(n).put("integratedTime", Long.parseLong(entry(n).get("integratedTime").asString()));
      proof(n).put("treeSize", Long.parseLong(proof(n).get("treeSize").asString()));
      ObjectNode ms = (ObjectNode) n.get("messageSignature");
      byte[] sig = Base64.getDecoder().decode(ms.get("signature").asString());
      ms.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
    });
    BundleVerifier.verify(b, ArtifactInput.ofBytes(ARTIFACT), req);
  }

  /** As Go's, Python's and Node's decoders do: {@code base64} output wrapped at 76 columns is the same bytes. */
  @Test
  void verifyBundle_base64WrappedInLines_verifies_otherWhitespaceNamesTheField() throws Exception {
    byte[] signed = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(true, true, true, true));
    byte[] wrapped = bundle(signed, n -> {
      ObjectNode ms = (ObjectNode) n.get("messageSignature");
      ms.put("signature", Base64.getMimeEncoder(8, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(Base64.getDecoder().decode(ms.get("signature").asString())) + "\n");
      ObjectNode ts = (ObjectNode) n.get("verificationMaterial").get("timestampVerificationData")
          .get("rfc3161Timestamps").get(0);
      ts.put("signedTimestamp", Base64.getMimeEncoder().encodeToString(
          Base64.getDecoder().decode(ts.get("signedTimestamp").asString())));
      assertTrue(ts.get("signedTimestamp").asString().contains("\r\n"));
    });
    BundleVerifier.verify(wrapped, ArtifactInput.ofBytes(ARTIFACT), req);
    byte[] spaced = bundle(signed, n -> {
      ObjectNode ms = (ObjectNode) n.get("messageSignature");
      String sig = ms.get("signature").asString();
      ms.put("signature", sig.substring(0, 8) + " " + sig.substring(8));
    });
    assertEquals("bundle.format: bundle is malformed: messageSignature.signature is not valid base64",
        failed(spaced));
  }

  /** Indexes, sizes and times count from 0: a negative one is malformed, named, before any proof is computed. */
  @Test
  void verifyBundle_negativeIndexSizeOrTime_malformedNamingTheField() throws Exception {
    String at = "bundle.format: bundle is malformed: verificationMaterial.tlogEntries[0].";
    assertEquals(at + "logIndex is negative: -1", failed(bundle(first(), n -> entry(n).put("logIndex", "-1"))));
    assertEquals(at + "integratedTime is negative: -5",
        failed(bundle(first(), n -> entry(n).put("integratedTime", -5))));
    assertEquals(at + "inclusionProof.logIndex is negative: -1",
        failed(bundle(first(), n -> proof(n).put("logIndex", "-1"))));
    assertEquals(at + "inclusionProof.treeSize is negative: -2",
        failed(bundle(first(), n -> proof(n).put("treeSize", "-2"))));
    // the conformance case's body has no kind either: said so, not "null/0.0.1"
    assertEquals("tlog.body: log entry body has no kind", failed(bundle(first(), n -> entry(n).put(
        "canonicalizedBody", Base64.getEncoder().encodeToString("{\"apiVersion\":\"0.0.1\"}".getBytes(
            StandardCharsets.UTF_8))))));
  }

  /** The same rule for the classic cosign annotation, the other source of log entries. */
  @Test
  void cosignBundleAnnotation_negativeLogIndex_malformed() {
    String set = "{\"SignedEntryTimestamp\":\"AAAA\",\"Payload\":{\"body\":\"e30=\",\"integratedTime\":1,"
        + "\"logIndex\":-1,\"logID\":\"" + "ab".repeat(32) + "\"}}";
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.entries(
        Map.of(CosignVerifier.BUNDLE, set), new CheckRecorder("signature")));
    assertEquals(CosignVerifier.BUNDLE + " annotation is malformed: logIndex is negative: -1", e.getMessage());
  }

  @Test
  void verifyBundle_requiredScalarOmitted_deniedByItsCheck() throws Exception {
    // each omission reads as the zero value, which the check of that field refuses
    assertTrue(failed(bundle(first(), n -> entry(n).remove("integratedTime"))).startsWith("tlog.set: "));
    assertTrue(failed(bundle(first(), n -> proof(n).remove("treeSize")))
        .startsWith("tlog.inclusion: inclusion proof index 0 is outside tree size 0"));
    assertTrue(failed(bundle(first(), n -> ((ObjectNode) entry(n).get("inclusionPromise"))
        .remove("signedEntryTimestamp"))).startsWith("tlog.set: "));
    assertTrue(failed(bundle(first(), n -> ((ObjectNode) n.get("messageSignature").get("messageDigest"))
        .remove("digest"))).startsWith("artifact.digest: "));
    assertTrue(failed(bundle(first(), n -> proof(n).remove("rootHash")))
        .startsWith("bundle.format: bundle is malformed: verificationMaterial.tlogEntries[0].inclusionProof.rootHash "
            + "is missing"));
    assertTrue(failed(bundle(first(), n -> entry(n).remove("canonicalizedBody")))
        .startsWith("bundle.format: "));
    assertTrue(failed(bundle(first(), n -> ((ObjectNode) n.get("messageSignature")).remove("signature")))
        .startsWith("bundle.format: "));
    assertTrue(failed(bundle(first(), n -> ((ObjectNode) entry(n).get("logId")).remove("keyId")))
        .startsWith("bundle.format: "));
    // a log index that is present must still be the one the SET signed
    assertTrue(failed(bundle(first(), n -> entry(n).put("logIndex", "1"))).startsWith("tlog.set: "));
  }

  @Test
  void verifyBundle_dssePayloadOmitted_denied() throws Exception {
    byte[] st = TestSigner.statement("app", MessageDigest.getInstance("SHA-256").digest(ARTIFACT),
        "https://slsa.dev/provenance/v1");
    byte[] d = sigstore.signer(EMAIL, ISSUER).dsseBundle(st, TestSigner.Options.defaults());
    assertTrue(failed(bundle(d, n -> ((ObjectNode) n.get("dsseEnvelope")).remove("payload")))
        .startsWith("dsse.signature: "));
  }

  /**
   * Without a SET only the inclusion proof authenticates the entry, so the index reported is the proof's (the Merkle
   * path is computed from it); the entry's own logIndex is then registry data nobody signed and must not be shown.
   */
  @Test
  void verifyBundle_inclusionProofOnly_reportsTheProofsIndexNotTheEntrysUnsignedOne() throws Exception {
    byte[] signed = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(true, true, true, true));
    long proven = Long.parseLong(proof((ObjectNode) Json.read(signed)).get("logIndex").asString("0"));
    byte[] b = bundle(signed, n -> {
      entry(n).remove("inclusionPromise");
      entry(n).put("logIndex", "987654");
    });
    BundleResult r = BundleVerifier.verify(b, ArtifactInput.ofBytes(ARTIFACT), req);
    assertEquals(proven, r.signer().logIndex());
  }
}
