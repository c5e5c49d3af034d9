package dev.verdict.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.VerificationException;
import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.result.Check;
import dev.verdict.result.Status;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttestationVerifierTest {
  static final String SLSA = "https://slsa.dev/provenance/v1";
  static final Digest IMAGE = Digest.parse("sha256:" + "1".repeat(64));
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static final AttestationVerifier.TrustedSigner CI =
      AttestationVerifier.TrustedSigner.key("ci", PublicKeyVerifier.fromPem(ClassicSigner.pem(KEY)));

  static AttestationVerifier.Candidate candidate(byte[] envelope, String hint) {
    return new AttestationVerifier.Candidate(envelope, "sha256-x.att layer 1", hint, Map.of());
  }

  static AttestationCheck checkOne(byte[] envelope, String hint, AttestationVerifier.TrustedSigner... signers) {
    List<AttestationCheck> r = AttestationVerifier.check(List.of(candidate(envelope, hint)), IMAGE, SLSA,
        List.of(signers));
    assertEquals(1, r.size());
    return r.get(0);
  }

  static byte[] slsaFor(String... digests) {
    return Envelopes.signed(KEY, Statement.PAYLOAD_TYPE, Envelopes.statement(SLSA, "{\"x\":1}", digests));
  }

  @Test
  void check_signedStatementAboutImage_used() {
    AttestationCheck c = checkOne(slsaFor(IMAGE.toString()), SLSA, CI);
    assertTrue(c.used(), c.message());
    assertNull(c.reason());
    assertEquals("ci", c.attestation().authority());
    assertEquals("key", c.attestation().signer().method());
    assertEquals(SLSA, c.attestation().statement().predicateType());
    assertEquals(List.of(c.attestation()), AttestationVerifier.used(List.of(c)));
    Check check = c.toCheck("provenance");
    assertEquals("attestation.verified", check.id());
    assertEquals(Status.PASS, check.status());
    assertEquals("ci", check.evidence().get("authority"));
    assertEquals(SLSA, check.evidence().get("predicateType"));
  }

  @Test
  void check_subjectIsAnotherDigest_rejected() {
    String other = "sha256:" + "2".repeat(64);
    AttestationCheck c = checkOne(slsaFor(other), SLSA, CI);
    assertFalse(c.used());
    assertEquals(AttestationCheck.Reason.SUBJECT, c.reason());
    assertEquals(IMAGE.toString(), c.expected());
    assertEquals(other, c.found());
    assertEquals("ci", c.authority());
    Check check = c.toCheck("provenance");
    assertEquals("attestation.subject", check.id());
    assertEquals(Status.SKIP, check.status());
  }

  @Test
  void check_imageAmongTwoSubjects_used() {
    // decision: like cosign and the in-toto spec, a statement applies to each of its subjects
    AttestationCheck c = checkOne(slsaFor("sha256:" + "2".repeat(64), IMAGE.toString()), SLSA, CI);
    assertTrue(c.used(), c.message());
  }

  @Test
  void check_imageDigestUnderSha512Only_rejected() {
    AttestationCheck c = checkOne(slsaFor("sha512:" + "1".repeat(128)), SLSA, CI);
    assertEquals(AttestationCheck.Reason.SUBJECT, c.reason());
  }

  @Test
  void check_wrongPredicateTypeDespiteAnnotation_rejected() {
    byte[] env = Envelopes.signed(KEY, Statement.PAYLOAD_TYPE,
        Envelopes.statement("https://cyclonedx.org/bom", "{}", IMAGE.toString()));
    AttestationCheck c = checkOne(env, SLSA, CI);
    assertEquals(AttestationCheck.Reason.PREDICATE_TYPE, c.reason());
    assertEquals(SLSA, c.expected());
    assertEquals("https://cyclonedx.org/bom", c.found());
    assertTrue(c.message().contains("its annotation claims " + SLSA), c.message());
    assertEquals(SLSA, c.toCheck("provenance").evidence().get("predicateTypeAnnotation"));
  }

  @Test
  void check_wrongKey_rejectedNamingAuthority() {
    byte[] env = Envelopes.signed(ClassicSigner.ecKey("secp256r1"), Statement.PAYLOAD_TYPE,
        Envelopes.statement(SLSA, "{}", IMAGE.toString()));
    AttestationCheck c = checkOne(env, null, CI);
    assertEquals(AttestationCheck.Reason.SIGNATURE, c.reason());
    assertTrue(c.message().startsWith("signature not verified: ci: signature does not verify with ecdsa-p256"),
        c.message());
    assertEquals("signed by one of [ci]", c.expected());
    assertNull(c.authority());
  }

  @Test
  void check_secondAuthorityVerifies_usedWithItsName() {
    KeyPair other = ClassicSigner.ecKey("secp256r1");
    AttestationVerifier.TrustedSigner release =
        AttestationVerifier.TrustedSigner.key("release", PublicKeyVerifier.fromPem(ClassicSigner.pem(other)));
    byte[] env = Envelopes.signed(other, Statement.PAYLOAD_TYPE, Envelopes.statement(SLSA, "{}", IMAGE.toString()));
    AttestationCheck c = checkOne(env, null, CI, release);
    assertTrue(c.used(), c.message());
    assertEquals("release", c.authority());
  }

  @Test
  void check_noAuthorities_rejected() {
    AttestationCheck c = checkOne(slsaFor(IMAGE.toString()), null);
    assertEquals(AttestationCheck.Reason.SIGNATURE, c.reason());
    assertEquals("signature not verified: no authority to verify with", c.message());
  }

  @Test
  void check_verifierThrowsRuntimeException_rejectedNotPassed() {
    AttestationVerifier.TrustedSigner broken = AttestationVerifier.TrustedSigner.of("broken", (pae, sig) -> {
      throw new IllegalStateException("provider exploded");
    });
    AttestationCheck c = checkOne(slsaFor(IMAGE.toString()), null, broken);
    assertEquals(AttestationCheck.Reason.SIGNATURE, c.reason());
    assertTrue(c.message().contains("broken: provider exploded"), c.message());
  }

  @Test
  void check_perCandidateMaterial_reachesThePluggedCheck() {
    // a keyless check reads its certificate from the candidate; here the "certificate" annotation holds a key PEM
    AttestationVerifier.TrustedSigner fromAnnotation = new AttestationVerifier.TrustedSigner("keyless", cand -> {
      PublicKeyVerifier k = PublicKeyVerifier.fromPem(cand.annotations().get("dev.sigstore.cosign/certificate"));
      return (pae, sig) -> {
        k.verify(pae, sig);
        return new EnvelopeSigner("keyless", "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main",
            "https://token.actions.githubusercontent.com", Map.of("sourceRepositoryURI", "https://github.com/acme/app"));
      };
    });
    AttestationVerifier.Candidate cand = new AttestationVerifier.Candidate(slsaFor(IMAGE.toString()), "referrer",
        null, Map.of("dev.sigstore.cosign/certificate", ClassicSigner.pem(KEY)));
    AttestationCheck c = AttestationVerifier.check(List.of(cand), IMAGE, SLSA, List.of(fromAnnotation)).get(0);
    assertTrue(c.used(), c.message());
    assertEquals("https://token.actions.githubusercontent.com", c.toCheck("p").evidence().get("issuer"));
  }

  @Test
  void check_simpleSigningEnvelope_rejectedAsPayloadType() {
    byte[] simple = ClassicSigner.payload("ghcr.io/acme/app", IMAGE);
    byte[] env = Envelopes.signed(KEY, MediaTypes.COSIGN_SIMPLE_SIGNING, simple);
    AttestationCheck c = checkOne(env, SLSA, CI);
    assertEquals(AttestationCheck.Reason.PAYLOAD_TYPE, c.reason());
    assertEquals(Statement.PAYLOAD_TYPE, c.expected());
    assertEquals(MediaTypes.COSIGN_SIMPLE_SIGNING, c.found());
  }

  @Test
  void check_rawSimpleSigningLayer_rejectedAsMalformed() {
    AttestationCheck c = checkOne(ClassicSigner.payload("ghcr.io/acme/app", IMAGE), SLSA, CI);
    assertEquals(AttestationCheck.Reason.MALFORMED, c.reason());
    assertEquals("DSSE envelope: payloadType is missing", c.message());
  }

  @Test
  void check_inTotoTypeButNotAStatement_rejectedAsStatement() {
    byte[] env = Envelopes.signed(KEY, Statement.PAYLOAD_TYPE,
        ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[],\"predicateType\":\"" + SLSA
            + "\",\"predicate\":{}}").getBytes(StandardCharsets.UTF_8));
    AttestationCheck c = checkOne(env, null, CI);
    assertEquals(AttestationCheck.Reason.STATEMENT, c.reason());
    assertEquals("ErrSubjectRequired", c.found());
    assertEquals("ci", c.authority());
  }

  @Test
  void check_cosignPredicates_signatureThenTypeDecide() throws VerificationException {
    String custom = "https://cosign.sigstore.dev/attestation/v1";
    Digest demo = Digest.parse("sha256:6c6fd6a4115c6e998ff357cd914680931bb9a6c1a7cd5f5cb2f5e1c0932ab6ed");
    // cosign's own envelopes are signed by a key we do not have: rejected at the signature
    byte[] original = Envelopes.read("cosign-predicates/envelopes/valid/custom");
    AttestationCheck c = AttestationVerifier.check(List.of(candidate(original, custom)), demo, custom,
        List.of(CI)).get(0);
    assertEquals(AttestationCheck.Reason.SIGNATURE, c.reason());
    // the same payloads signed by our key: the valid one is used, the malformed type is rejected
    byte[] valid = Envelopes.signed(KEY, Statement.PAYLOAD_TYPE, Dsse.parse(original).payload());
    byte[] malformed = Envelopes.signed(KEY, Statement.PAYLOAD_TYPE,
        Dsse.parse(Envelopes.read("cosign-predicates/envelopes/malformed/custom")).payload());
    List<AttestationCheck> r = AttestationVerifier.check(
        List.of(candidate(valid, custom), candidate(malformed, custom)), demo, custom, List.of(CI));
    assertTrue(r.get(0).used(), r.get(0).message());
    assertEquals(AttestationCheck.Reason.PREDICATE_TYPE, r.get(1).reason());
    assertEquals("cosign.sigstore.dev/attestation/v1", r.get(1).found());
  }
}
