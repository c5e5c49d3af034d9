package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End-to-end checks against a private test Sigstore: each check has a positive and a negative case. */
class TestSigstoreVerificationTest {
  static final String EMAIL = "dev@verdict.test";
  static final String ISSUER = "https://issuer.verdict.test";
  static final byte[] ARTIFACT = "hello, verdict".getBytes(StandardCharsets.UTF_8);
  static TestSigstore sigstore;
  static TrustedRoot root;

  @BeforeAll
  static void setUp() throws Exception {
    sigstore = TestSigstore.create();
    root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "test trusted_root.json");
  }

  static CertificateRequirements req(String email, String issuer, Map<String, String> ext) {
    return CertificateRequirements.keyless(root, List.of(new Identity(StringMatch.exact(issuer),
        StringMatch.exact(email))), ext);
  }

  @Test
  void verifyBundle_messageSignature_verifiesWithEveryCheck() throws Exception {
    byte[] b = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults());
    BundleResult r = BundleVerifier.verify(b, ArtifactInput.ofBytes(ARTIFACT), req(EMAIL, ISSUER, Map.of()));
    assertEquals(BundleResult.MESSAGE_SIGNATURE, r.kind());
    assertEquals(EMAIL, r.signer().subject());
    List<String> ids = r.signer().checks().stream().map(c -> c.id()).toList();
    for (String id : List.of("artifact.signature", "tlog.body", "tlog.set", "tlog.inclusion", "certificate.chain",
        "certificate.validity", "certificate.sct", "certificate.identity")) {
      assertTrue(ids.contains(id), id + " missing from " + ids);
    }
  }

  @Test
  void verifyBundle_byDigest_verifies() throws Exception {
    byte[] b = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults());
    String digest = "sha256:" + java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(ARTIFACT));
    BundleVerifier.verify(b, ArtifactInput.parseDigest(digest), req(EMAIL, ISSUER, Map.of()));
  }

  @Test
  void verifyBundle_dsse_returnsStatement() throws Exception {
    byte[] st = TestSigner.statement("app", MessageDigest.getInstance("SHA-256").digest(ARTIFACT),
        "https://slsa.dev/provenance/v1");
    byte[] b = sigstore.signer(EMAIL, ISSUER).dsseBundle(st, TestSigner.Options.defaults());
    BundleResult r = BundleVerifier.verify(b, ArtifactInput.ofBytes(ARTIFACT), req(EMAIL, ISSUER, Map.of()));
    assertEquals(BundleResult.DSSE_ATTESTATION, r.kind());
    assertEquals(new String(st, StandardCharsets.UTF_8), new String(r.payload(), StandardCharsets.UTF_8));
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(b,
        ArtifactInput.ofBytes("x".getBytes()), req(EMAIL, ISSUER, Map.of())));
    assertTrue(e.getMessage().endsWith("is not a subject of the statement"));
  }

  @Test
  void verifyBundle_wrongIdentityOrIssuer_fails() throws Exception {
    byte[] b = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults());
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(b,
        ArtifactInput.ofBytes(ARTIFACT), req("other@verdict.test", ISSUER, Map.of())));
    assertEquals("certificate subject dev@verdict.test, issuer https://issuer.verdict.test does not match expected "
        + "subject other@verdict.test, issuer https://issuer.verdict.test", e.getMessage());
    assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(b, ArtifactInput.ofBytes(ARTIFACT),
        req(EMAIL, "https://other.test", Map.of())));
  }

  @Test
  void verifyClassic_githubClaims_matchedExactly() throws Exception {
    TestSigner gh = sigstore.githubSigner("acme/app", ".github/workflows/release.yml@refs/tags/v1.0.0");
    TestSigner.Classic c = gh.signClassic("{\"critical\":{}}".getBytes());
    String san = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0";
    VerifiedSigner s = CosignVerifier.verifyCosignCertificate(c.payload(), c.signature(), c.annotations(),
        req(san, TestSigstore.GITHUB_ISSUER, Map.of("sourceRepositoryURI", "https://github.com/acme/app",
            "1.3.6.1.4.1.57264.1.5", "acme/app", "runnerEnvironment", "github-hosted")));
    assertEquals("refs/tags/v1.0.0", s.extensions().get("githubWorkflowRef"));
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        c.payload(), c.signature(), c.annotations(), req(san, TestSigstore.GITHUB_ISSUER,
            Map.of("sourceRepositoryURI", "https://github.com/acme/other"))));
    assertEquals("certificate claim sourceRepositoryURI is https://github.com/acme/app, expected "
        + "https://github.com/acme/other", e.getMessage());
  }

  @Test
  void verifyClassic_certificateExpiredNowButValidAtSet_verifies() throws Exception {
    TestSigner old = sigstore.signer(EMAIL, ISSUER).at(Instant.now().minus(Duration.ofDays(30)));
    TestSigner.Classic c = old.signClassic("payload".getBytes());
    VerifiedSigner s = CosignVerifier.verifyCosignCertificate(c.payload(), c.signature(), c.annotations(),
        req(EMAIL, ISSUER, Map.of()));
    assertTrue(c.leaf().getNotAfter().toInstant().isBefore(Instant.now()));
    assertEquals(Instant.now().minus(Duration.ofDays(30)).getEpochSecond(), s.integratedTime().getEpochSecond(), 5);
  }

  @Test
  void verifyBundle_noSct_failsUnlessNotRequired() throws Exception {
    byte[] b = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(true, false, false, true));
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(b,
        ArtifactInput.ofBytes(ARTIFACT), req(EMAIL, ISSUER, Map.of())));
    assertEquals("certificate has no embedded SCT", e.getMessage());
    var lax = new CertificateRequirements(root, List.of(), List.of(), req(EMAIL, ISSUER, Map.of()).identities(),
        Map.of(), true, false);
    BundleVerifier.verify(b, ArtifactInput.ofBytes(ARTIFACT), lax);
  }

  @Test
  void verifyBundle_tsaWithoutLog_onlyWhenAllowed() throws Exception {
    byte[] b = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(false, true, true, true));
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(b,
        ArtifactInput.ofBytes(ARTIFACT), req(EMAIL, ISSUER, Map.of())));
    assertEquals("no transparency-log entry, and the log is required", e.getMessage());
    var noLog = new CertificateRequirements(root, List.of(), List.of(), req(EMAIL, ISSUER, Map.of()).identities(),
        Map.of(), false, true);
    BundleResult r = BundleVerifier.verify(b, ArtifactInput.ofBytes(ARTIFACT), noLog);
    assertEquals(1, r.signer().timestamps().size());
    byte[] neither = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(false, false, true,
        true));
    var e2 = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(neither,
        ArtifactInput.ofBytes(ARTIFACT), noLog));
    assertTrue(e2.getMessage().startsWith("no verified signing time"), e2.getMessage());
  }

  @Test
  void verifyBundle_v03WithoutInclusionProof_fails() throws Exception {
    byte[] b = sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(true, false, true, false));
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(b,
        ArtifactInput.ofBytes(ARTIFACT), req(EMAIL, ISSUER, Map.of())));
    assertEquals("v0.3 bundle log entry has no inclusion proof", e.getMessage());
  }

  @Test
  void verifyBundle_untrustedRoot_fails() throws Exception {
    TestSigstore other = TestSigstore.create();
    byte[] b = other.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults());
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(b,
        ArtifactInput.ofBytes(ARTIFACT), req(EMAIL, ISSUER, Map.of())));
    assertTrue(e.getMessage().startsWith("log entry is from an unknown log"), e.getMessage());
  }

  /** Flips bits through every base64 field a verifier reads; none may ever verify. */
  @Test
  void verifyBundle_mutatedFields_neverVerify() throws Exception {
    byte[] st = TestSigner.statement("app", MessageDigest.getInstance("SHA-256").digest(ARTIFACT), "x");
    for (byte[] good : List.of(
        sigstore.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(true, true, true, true)),
        sigstore.signer(EMAIL, ISSUER).dsseBundle(st, TestSigner.Options.defaults()))) {
      BundleVerifier.verify(good, ArtifactInput.ofBytes(ARTIFACT), req(EMAIL, ISSUER, Map.of()));
      var tree = (tools.jackson.databind.node.ObjectNode) Json.read(good);
      int mutations = 0;
      for (String path : List.of("/verificationMaterial/certificate/rawBytes",
          "/verificationMaterial/tlogEntries/0/inclusionPromise/signedEntryTimestamp",
          "/verificationMaterial/tlogEntries/0/canonicalizedBody",
          "/verificationMaterial/tlogEntries/0/inclusionProof/rootHash",
          "/verificationMaterial/tlogEntries/0/inclusionProof/hashes/0",
          "/verificationMaterial/tlogEntries/0/inclusionProof/checkpoint/envelope",
          "/verificationMaterial/timestampVerificationData/rfc3161Timestamps/0/signedTimestamp",
          "/messageSignature/signature", "/dsseEnvelope/payload", "/dsseEnvelope/signatures/0/sig")) {
        var node = tree.at(path);
        if (node.isMissingNode()) {
          continue;
        }
        boolean b64 = !path.endsWith("envelope");
        byte[] original = b64 ? Base64.getDecoder().decode(node.asString())
            : node.asString().getBytes(StandardCharsets.UTF_8);
        int step = Math.max(1, original.length / 40);
        // the signer name on a Rekor v1 checkpoint's signature line is not signed (the key hint names the key)
        String text = new String(original, StandardCharsets.UTF_8);
        int nameFrom = b64 ? -1 : text.indexOf("\n\n") + 2;
        int nameTo = b64 ? -1 : text.lastIndexOf(' ');
        // CMS leaves parts unsigned (status text, digestAlgorithms, certificates): for a timestamp we flip the
        // signed TSTInfo and the signature, which carry what the timestamp attests
        int[] signed = path.endsWith("signedTimestamp") ? signedRegions(original) : null;
        for (int i = 0; i < original.length; i += step) {
          if (i >= nameFrom && i <= nameTo || signed != null && !(i >= signed[0] && i < signed[1]
              || i >= original.length - 64)) {
            continue;
          }
          byte[] m = original.clone();
          m[i] ^= 0x01;
          var copy = tree.deepCopy();
          String value = b64 ? Base64.getEncoder().encodeToString(m) : new String(m, StandardCharsets.UTF_8);
          String parent = path.substring(0, path.lastIndexOf('/'));
          String field = path.substring(path.lastIndexOf('/') + 1);
          var p = copy.at(parent);
          if (p.isArray()) {
            ((tools.jackson.databind.node.ArrayNode) p).set(Integer.parseInt(field), value);
          } else {
            ((tools.jackson.databind.node.ObjectNode) p).put(field, value);
          }
          mutations++;
          try {
            BundleVerifier.verify(Json.mapper().writeValueAsBytes(copy), ArtifactInput.ofBytes(ARTIFACT),
                req(EMAIL, ISSUER, Map.of()));
            fail("verified after flipping byte " + i + " of " + path);
          } catch (SigstoreVerificationException expected) {
            // never verified
          }
        }
      }
      assertTrue(mutations > 100, "only " + mutations + " mutations");
    }
  }

  static int[] signedRegions(byte[] resp) throws Exception {
    byte[] tst = new org.bouncycastle.tsp.TimeStampResponse(resp).getTimeStampToken().getTimeStampInfo()
        .toASN1Structure().getEncoded();
    for (int i = 0; i + tst.length <= resp.length; i++) {
      if (java.util.Arrays.equals(resp, i, i + tst.length, tst, 0, tst.length)) {
        return new int[] {i, i + tst.length};
      }
    }
    throw new AssertionError("TSTInfo not found");
  }

  @Test
  void verifyClassic_reSpelledSetPayload_isRefused() throws Exception {
    TestSigner.Classic c = sigstore.signer(EMAIL, ISSUER).signClassic("payload".getBytes());
    String bundle = c.annotations().get(CosignVerifier.BUNDLE);
    var node = (tools.jackson.databind.node.ObjectNode) Json.mapper().readTree(bundle);
    var payload = (tools.jackson.databind.node.ObjectNode) node.get("Payload");
    String logId = payload.get("logID").asText();
    String body = payload.get("body").asText();

    payload.put("logID", logId.toUpperCase(java.util.Locale.ROOT));
    assertRefused(c, node, "Payload.logID is not 64 lower-case hex digits");

    payload.put("logID", logId);
    // Same bytes, other spelling: the decoder tolerates surrounding white space, the SET signed the exact string.
    payload.put("body", body + "\n");
    assertRefused(c, node, "Payload.body is not canonical standard base64");
  }

  private void assertRefused(TestSigner.Classic c, tools.jackson.databind.JsonNode bundle, String message)
      throws Exception {
    Map<String, String> ann = new HashMap<>(c.annotations());
    ann.put(CosignVerifier.BUNDLE, Json.mapper().writeValueAsString(bundle));
    SigstoreVerificationException e = assertThrows(SigstoreVerificationException.class,
        () -> CosignVerifier.verifyCosignCertificate(c.payload(), c.signature(), ann, req(EMAIL, ISSUER, Map.of())));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void verifyClassic_mutatedAnnotations_neverVerify() throws Exception {
    TestSigner.Classic c = sigstore.signer(EMAIL, ISSUER).signClassic("payload".getBytes());
    CosignVerifier.verifyCosignCertificate(c.payload(), c.signature(), c.annotations(), req(EMAIL, ISSUER, Map.of()));
    for (String key : List.of(CosignVerifier.CERTIFICATE, CosignVerifier.BUNDLE)) {
      String v = c.annotations().get(key);
      for (int i = 0; i < v.length(); i += Math.max(1, v.length() / 60)) {
        char ch = v.charAt(i);
        // The last base64 digit before '=' padding carries unused bits; changing only those leaves the decoded
        // certificate or SET bytes as they were (Go's decoder, and so cosign, accepts that too). Every other
        // character changes what is verified or, for Payload.body and logID, what the SET signs as written.
        if (!Character.isLetterOrDigit(ch) || (i + 1 < v.length() && v.charAt(i + 1) == '=')) {
          continue;
        }
        Map<String, String> ann = new HashMap<>(c.annotations());
        ann.put(key, v.substring(0, i) + (ch == 'A' ? 'B' : 'A') + v.substring(i + 1));
        try {
          CosignVerifier.verifyCosignCertificate(c.payload(), c.signature(), ann, req(EMAIL, ISSUER, Map.of()));
          fail("verified after changing " + key + " at " + i);
        } catch (SigstoreVerificationException expected) {
          // never verified
        }
      }
    }
  }
}
