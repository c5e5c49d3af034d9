package dev.verdict.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidatesTest {
  @Test
  void fromFile_sigstoreBundle_takesItsDsseEnvelope() throws Exception {
    byte[] bundle = Envelopes.read("bundles/gh-cli__github_provenance_demo-bundle.json");
    AttestationVerifier.Candidate c = Candidates.fromFile("demo.sigstore.json", bundle);
    assertEquals("demo.sigstore.json (bundle)", c.source());
    Dsse.Envelope e = Dsse.parse(c.envelope());
    Statement s = Statement.parse(e.payload());
    assertEquals(SlsaEvaluator.V1, s.predicateType());
    assertTrue(s.hasSubjectDigest("sha256", "ae57936def59bc4c75edd3a837d89bcefc6d3a5e31d55a6fa7a71624f92c3c3b"));
    // its signature is by a Fulcio certificate, not by our test key: the signature step rejects it
    AttestationCheck check = AttestationVerifier.check(List.of(c),
        Digest.parse("sha256:ae57936def59bc4c75edd3a837d89bcefc6d3a5e31d55a6fa7a71624f92c3c3b"), SlsaEvaluator.V1,
        List.of(AttestationVerifierTest.CI)).get(0);
    assertEquals(AttestationCheck.Reason.SIGNATURE, check.reason());
  }

  @Test
  void fromFile_plainEnvelope_keptAsIs() {
    byte[] env = Envelopes.read("cosign-predicates/envelopes/valid/vuln");
    AttestationVerifier.Candidate c = Candidates.fromFile("vuln.json", env);
    assertArrayEquals(env, c.envelope());
    assertEquals("vuln.json", c.source());
  }

  @Test
  void fromFile_notJson_leftToTheEnvelopeParser() {
    AttestationVerifier.Candidate c = Candidates.fromFile("x", "garbage".getBytes(StandardCharsets.UTF_8));
    AttestationCheck check = AttestationVerifier.check(List.of(c), AttestationVerifierTest.IMAGE, "p", List.of())
        .get(0);
    assertEquals(AttestationCheck.Reason.MALFORMED, check.reason());
  }

  @Test
  void fromCosignLayer_predicateTypeAnnotationIsTheHint() {
    byte[] blob = Envelopes.read("cosign-predicates/envelopes/valid/custom");
    Descriptor layer = new Descriptor(MediaTypes.DSSE_ENVELOPE, Digest.sha256(blob), blob.length,
        Map.of("predicateType", "https://cosign.sigstore.dev/attestation/v1", "dev.sigstore.cosign/certificate", "c"),
        null, null);
    AttestationVerifier.Candidate c = Candidates.fromCosignLayer("sha256-x.att layer 1", layer, blob);
    assertEquals("https://cosign.sigstore.dev/attestation/v1", c.predicateTypeHint());
    assertEquals("c", c.annotations().get("dev.sigstore.cosign/certificate"));
  }
}
