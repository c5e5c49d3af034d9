package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.result.Status;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 84 bundle cases of testdata/sigstore-bundles/cases.jsonl: {@code pass} verifies, {@code fail} does not, and
 * each {@code impl-defined} case gets the decision documented in README.md (Security notes).
 */
class BundleCasesTest {
  /** Our decisions for the cases where clients legitimately disagree (see README.md, Security notes). */
  static final Map<String, String> DECISIONS = Map.ofEntries(
      Map.entry("gh-cli/sigstore-js-2.1.0-bundle-v0.1", "pass"),
      Map.entry("sigstore-js/tests/bundles/bundleV01-full-cert-chain.sigstore", "pass"),
      Map.entry("sigstore-js/client-valid/v1.messageSignature.withSigningCert", "pass"),
      Map.entry("sigstore-js/client-valid/v1.dsse.withSigningCert", "pass"),
      Map.entry("sigstore-python/integration/Python-3.12.5.tgz (v0.1, proof w/o checkpoint)", "pass"),
      Map.entry("sigstore-python/tsa/bundle.txt.sigstore", "fail"),
      Map.entry("sigstore-python/tsa/bundle.txt.late_timestamp.sigstore", "fail"),
      Map.entry("sigstore-java/bundle.v1.no.inclusion.sigstore", "pass"),
      Map.entry("sigstore-java/bundle-no-digest.sigstore", "pass"),
      Map.entry("sigstore-java/bundle.dsse.rekor-v2.bad-entry-type.sigstore", "pass"),
      Map.entry("sigstore-go/dsse.sigstore.json", "pass"),
      Map.entry("sigstore-go/examples/bundle-provenance", "pass"));

  /**
   * A case whose listed trusted root cannot verify it: its Rekor v2 log (log2025-1.rekor.sigstore.dev) is in the
   * production root, not the staging root named by cases.jsonl. We require it to fail with the listed root (unknown
   * log) and to pass with the production root.
   */
  static final String STALE_ROOT_CASE = "sigstore-java/bundle.dsse.rekor-v2.sigstore";

  @TestFactory
  Stream<DynamicTest> verify_eachCase_matchesExpectation() throws Exception {
    List<BundleCase> cases = BundleCase.all();
    assertEquals(84, cases.size());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.expect() + ": " + c.id(), () -> {
      String expect = c.expect().equals("impl-defined") ? DECISIONS.get(c.id()) : c.expect();
      assertNotNull(expect, "no documented decision for impl-defined case " + c.id());
      if (c.id().equals(STALE_ROOT_CASE)) {
        SigstoreVerificationException e = assertThrows(SigstoreVerificationException.class, c::verify);
        assertTrue(e.getMessage().contains("unknown log"), e.getMessage());
        BundleCase prod = new BundleCase(c.id(), c.expect(), c.why(), c.identities(), c.issuer(),
            c.tlogThreshold(), c.ctlogThreshold(), c.artifactDigest(), c.bundle(), c.artifact(),
            "derived-trust-roots/PROD-trusted_root.sigstore-python-store.json", c.key());
        assertNotNull(prod.verify());
        return;
      }
      if (expect.equals("pass")) {
        BundleResult r = c.verify();
        assertTrue(r.signer().checks().stream().allMatch(k -> k.status() != Status.FAIL));
        assertEquals(r.payload() != null, !r.kind().equals(BundleResult.MESSAGE_SIGNATURE));
      } else {
        SigstoreVerificationException e = assertThrows(SigstoreVerificationException.class, c::verify);
        assertEquals(Status.FAIL, e.checks().get(e.checks().size() - 1).status());
      }
    }));
  }

  @Test
  void verify_githubPrivateBundleWhenLogRequired_fails() throws Exception {
    BundleCase c = find("sigstore-java/github-private-no-tlog");
    BundleCase strict = new BundleCase(c.id(), "fail", c.why(), c.identities(), c.issuer(), 1, 0,
        c.artifactDigest(), c.bundle(), c.artifact(), c.trustedRoot(), c.key());
    SigstoreVerificationException e = assertThrows(SigstoreVerificationException.class, strict::verify);
    assertEquals("no transparency-log entry, and the log is required", e.getMessage());
  }

  @Test
  void verify_customIssuerWithPlainGithubIssuer_fails() throws Exception {
    BundleCase c = find("gh-cli/custom-issuer");
    BundleCase plain = new BundleCase(c.id(), "fail", c.why(), c.identities(),
        "https://token.actions.githubusercontent.com", null, null, c.artifactDigest(), c.bundle(), c.artifact(),
        c.trustedRoot(), c.key());
    SigstoreVerificationException e = assertThrows(SigstoreVerificationException.class, plain::verify);
    assertTrue(e.getMessage().startsWith("certificate subject "), e.getMessage());
    assertTrue(e.getMessage().contains("does not match expected"), e.getMessage());
  }

  @Test
  void verify_otherNameSanAgainstEmail_fails() throws Exception {
    BundleCase c = find("sigstore-go/othername");
    BundleCase email = new BundleCase(c.id(), "fail", c.why(), List.of("foo@oidc.local"), c.issuer(), null, null,
        c.artifactDigest(), c.bundle(), c.artifact(), c.trustedRoot(), c.key());
    SigstoreVerificationException e = assertThrows(SigstoreVerificationException.class, email::verify);
    assertTrue(e.getMessage().contains("does not match expected subject foo@oidc.local"), e.getMessage());
  }

  @Test
  void verify_expiredCertificate_namesSigningTime() throws Exception {
    SigstoreVerificationException e = assertThrows(SigstoreVerificationException.class,
        find("sigstore-java/bundle-with-expired-cert.sigstore")::verify);
    assertEquals("certificate not valid at signing time 2026-05-07T15:34:11Z (Rekor integrated time)",
        e.getMessage());
  }

  @Test
  void verify_dsseBundle_reportsAttestationNotSignature() throws Exception {
    BundleResult r = find("sigstore-java/bundle.dsse.sigstore").verify();
    assertEquals(BundleResult.DSSE_ATTESTATION, r.kind());
    assertEquals("application/vnd.in-toto+json", r.payloadType());
    assertTrue(new String(r.payload(), java.nio.charset.StandardCharsets.UTF_8).contains("in-toto.io/Statement"));
    BundleResult m = find("sigstore-java/bundle.v3.sigstore").verify();
    assertEquals(BundleResult.MESSAGE_SIGNATURE, m.kind());
  }

  @Test
  void verify_dsseBundleForOtherArtifact_failsSubjectCheck() throws Exception {
    BundleCase c = find("sigstore-java/bundle.dsse.sigstore");
    SigstoreVerificationException e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(
        Files.readAllBytes(BundleCase.DIR.resolve(c.bundle())), ArtifactInput.ofBytes("other".getBytes()),
        c.requirements()));
    assertTrue(e.getMessage().endsWith("is not a subject of the statement"), e.getMessage());
  }

  static BundleCase find(String id) throws Exception {
    return BundleCase.all().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }
}
