package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signature check of a bundle is the only thing that refuses a garbage signature when nothing else looks at it:
 * a key-signed bundle with no log entry (a key authority does not require the log), and keyless bundles whose log
 * entry and timestamp are genuine for the garbage. Deleting the signature check must fail these tests.
 */
class BundleSignatureTest {
  static final byte[] ARTIFACT = "artifact signed by a key".getBytes(StandardCharsets.UTF_8);
  static final String EMAIL = "dev@verdict.test";
  static final String ISSUER = "https://issuer.verdict.test";
  static TestSigstore sigstore;
  static TrustedRoot root;

  @BeforeAll
  static void setUp() throws Exception {
    sigstore = TestSigstore.create();
    root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "trusted_root.json");
  }

  static List<KeyPair> keys() {
    return List.of(ClassicSigner.ecKey("secp256r1"), ClassicSigner.ecKey("secp384r1"),
        ClassicSigner.key("RSA", 2048), ClassicSigner.key("Ed25519", 0));
  }

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] garbage(byte[] sig) {
    byte[] g = sig.clone();
    g[g.length / 2] ^= 0x5a;
    return g;
  }

  /** A v0.3 key-signed bundle with no log entry: a message signature over the artifact. */
  static byte[] messageBundle(KeyPair k, byte[] sig) throws Exception {
    boolean p384 = k.getPublic().getAlgorithm().equals("EC") && k.getPublic().getEncoded().length > 100;
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    b.put("verificationMaterial", Map.of("publicKey", Map.of("hint", "test key"), "tlogEntries", List.of()));
    b.put("messageSignature", Map.of("messageDigest", Map.of("algorithm", p384 ? "SHA2_384" : "SHA2_256", "digest",
        b64(MessageDigest.getInstance(p384 ? "SHA-384" : "SHA-256").digest(ARTIFACT))), "signature", b64(sig)));
    return Json.mapper().writeValueAsBytes(b);
  }

  /** A v0.3 key-signed bundle with no log entry: a DSSE envelope over an in-toto statement naming the artifact. */
  static byte[] dsseBundle(byte[] statement, byte[] sig) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    b.put("verificationMaterial", Map.of("publicKey", Map.of("hint", "test key"), "tlogEntries", List.of()));
    b.put("dsseEnvelope", Map.of("payload", b64(statement), "payloadType", InTotoSubjects.IN_TOTO,
        "signatures", List.of(Map.of("sig", b64(sig), "keyid", ""))));
    return Json.mapper().writeValueAsBytes(b);
  }

  /** The id of the check that failed (the last one made). */
  static String failed(SigstoreVerificationException e) {
    return e.checks().get(e.checks().size() - 1).id();
  }

  static KeyRequirements noLog(KeyPair k) {
    return new KeyRequirements(PublicKeyVerifier.of(k.getPublic()), root, false);
  }

  @Test
  void verifyBundle_keySignedMessageGarbageSignatureNoLog_denied() throws Exception {
    for (KeyPair k : keys()) {
      String alg = k.getPublic().getAlgorithm();
      byte[] sig = ClassicSigner.sign(k, ARTIFACT);
      BundleResult ok = BundleVerifier.verify(messageBundle(k, sig), ArtifactInput.ofBytes(ARTIFACT), noLog(k));
      assertEquals("key", ok.signer().method(), alg);
      var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(
          messageBundle(k, garbage(sig)), ArtifactInput.ofBytes(ARTIFACT), noLog(k)), alg);
      assertEquals("artifact.signature", failed(e), alg + ": " + e.getMessage());
    }
  }

  @Test
  void verifyBundle_keySignedDsseGarbageSignatureNoLog_denied() throws Exception {
    byte[] statement = TestSigner.statement("app", sha256(ARTIFACT), "https://slsa.dev/provenance/v1");
    byte[] pae = Pae.encode(InTotoSubjects.IN_TOTO, statement);
    for (KeyPair k : keys()) {
      String alg = k.getPublic().getAlgorithm();
      byte[] sig = ClassicSigner.sign(k, pae);
      BundleResult ok = BundleVerifier.verify(dsseBundle(statement, sig), ArtifactInput.ofBytes(ARTIFACT), noLog(k));
      assertEquals(BundleResult.DSSE_ATTESTATION, ok.kind(), alg);
      var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(
          dsseBundle(statement, garbage(sig)), ArtifactInput.ofBytes(ARTIFACT), noLog(k)), alg);
      assertEquals("dsse.signature", failed(e), alg + ": " + e.getMessage());
    }
  }

  @Test
  void verifyBundle_keylessGarbageSignatureLoggedAndTimestamped_denied() throws Exception {
    TestSigner garbage = sigstore.signer(EMAIL, ISSUER).garbageSignature();
    var strict = CertificateRequirements.keyless(root, List.of(new Identity(StringMatch.exact(ISSUER),
        StringMatch.exact(EMAIL))), Map.of());
    var noLog = new CertificateRequirements(root, List.of(), List.of(), strict.identities(), Map.of(), false, true);
    byte[] statement = TestSigner.statement("app", sha256(ARTIFACT), "https://slsa.dev/provenance/v1");
    // the log entry describes the garbage signature, so only the signature check can refuse it
    for (TestSigner.Options o : List.of(TestSigner.Options.defaults(), new TestSigner.Options(false, true, true,
        false))) {
      var req = o.tlog() ? strict : noLog;
      var m = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(
          garbage.bundle(ARTIFACT, o), ArtifactInput.ofBytes(ARTIFACT), req));
      assertEquals("artifact.signature", failed(m), m.getMessage());
      var d = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(
          garbage.dsseBundle(statement, o), ArtifactInput.ofBytes(ARTIFACT), req));
      assertEquals("dsse.signature", failed(d), d.getMessage());
    }
    // and the same bundles, honestly signed, verify
    BundleVerifier.verify(sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(false, true, true,
        false)), ArtifactInput.ofBytes(ARTIFACT), noLog);
  }

  @Test
  void verifyBundle_keySignedByAnotherKeyNoLog_denied() throws Exception {
    KeyPair k = ClassicSigner.ecKey("secp256r1");
    KeyPair other = ClassicSigner.ecKey("secp256r1");
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(
        messageBundle(k, ClassicSigner.sign(k, ARTIFACT)), ArtifactInput.ofBytes(ARTIFACT), noLog(other)));
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
  }
}
