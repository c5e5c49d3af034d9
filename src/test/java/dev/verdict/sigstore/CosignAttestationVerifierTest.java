package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.attestation.Dsse;
import dev.verdict.result.Status;
import dev.verdict.testing.sigstore.ClassicAttestation;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keyless classic cosign attestations ({@code .att} layer, cosign annotations, intoto/0.0.1 SET) from the test
 * Sigstore: what verifies, and that the log entry binds this envelope, payload and certificate.
 */
class CosignAttestationVerifierTest {
  static final String EMAIL = "dev@verdict.test";
  static final String ISSUER = "https://issuer.verdict.test";
  static final byte[] STATEMENT = TestSigner.statement("app", new byte[32], "https://slsa.dev/provenance/v1");
  static TestSigstore sigstore;
  static TrustedRoot root;
  static ClassicAttestation att;

  @BeforeAll
  static void setUp() throws Exception {
    sigstore = TestSigstore.create();
    root = TrustedRoot.parse(sigstore.trustedRootJson().getBytes(StandardCharsets.UTF_8), "test trusted_root.json");
    att = sigstore.signer(EMAIL, ISSUER).signClassicAttestation(STATEMENT);
  }

  static CertificateRequirements req(String email, String issuer) {
    return CertificateRequirements.keyless(root, List.of(new Identity(StringMatch.exact(issuer),
        StringMatch.exact(email))), Map.of());
  }

  /** Verifies as the attestation path does: the envelope parsed by the attestation package, each signature tried. */
  static VerifiedSigner verify(ClassicAttestation a, CertificateRequirements req) throws Exception {
    Dsse.Envelope env = Dsse.parse(a.envelope());
    return CosignAttestationVerifier.verify(a.envelope(), env.pae(), env.signatures().get(0).sig(), a.annotations(),
        req);
  }

  static String fails(ClassicAttestation a, CertificateRequirements req) {
    return assertThrows(SigstoreVerificationException.class, () -> verify(a, req)).getMessage();
  }

  @Test
  void verify_intotoEntry_verifiesAtTheIntegratedTime() throws Exception {
    VerifiedSigner s = verify(att, req(EMAIL, ISSUER));
    assertEquals("keyless", s.method());
    assertEquals(EMAIL, s.subject());
    assertEquals(ISSUER, s.issuer());
    assertEquals(Instant.ofEpochSecond(att.entry().integratedTime()), s.integratedTime());
    assertEquals(att.entry().logIndex(), s.logIndex());
    List<String> passed = s.checks().stream().filter(c -> c.status() == Status.PASS).map(c -> c.id()).toList();
    assertEquals(List.of("cosign.certificate", "cosign.signature", "tlog.body", "tlog.set", "certificate.validity",
        "certificate.chain", "certificate.sct", "certificate.identity"), passed);
  }

  @Test
  void verify_dsseEntry_verifies() throws Exception {
    ClassicAttestation dsse = sigstore.signer(EMAIL, ISSUER).signClassicAttestation(STATEMENT,
        ClassicAttestation.Kind.DSSE);
    assertEquals(EMAIL, verify(dsse, req(EMAIL, ISSUER)).subject());
  }

  @Test
  void verify_wrongIdentityOrIssuer_fails() {
    assertTrue(fails(att, req("other@verdict.test", ISSUER)).contains("does not match expected subject "
        + "other@verdict.test"));
    assertTrue(fails(att, req(EMAIL, "https://other.verdict.test")).contains("does not match expected subject "
        + EMAIL + ", issuer https://other.verdict.test"));
  }

  @Test
  void verify_setRemoved_failsWhenLogRequired() {
    ClassicAttestation noSet = att.withAnnotations(a -> a.remove(CosignVerifier.BUNDLE));
    assertEquals("no transparency-log entry, and the log is required", fails(noSet, req(EMAIL, ISSUER)));
    var optional = new CertificateRequirements(root, List.of(), List.of(), List.of(new Identity(
        StringMatch.exact(ISSUER), StringMatch.exact(EMAIL))), Map.of(), false, true);
    assertEquals("no verified signing time (no Rekor SET and no RFC 3161 timestamp)", fails(noSet, optional),
        "without the log, a keyless certificate has no proven signing time");
  }

  @Test
  void verify_timestampOverTheEnvelope_provesTheTimeAlsoWithoutTheLog() throws Exception {
    Instant at = Instant.ofEpochSecond(att.entry().integratedTime()).minusSeconds(5);
    String overEnvelope = TestSigner.rfc3161Annotation(sigstore.tsa().timestamp(att.envelope(), at));
    var optional = new CertificateRequirements(root, List.of(), List.of(), List.of(new Identity(
        StringMatch.exact(ISSUER), StringMatch.exact(EMAIL))), Map.of(), false, true);

    VerifiedSigner both = verify(att.withAnnotations(a -> a.put(CosignVerifier.TIMESTAMP, overEnvelope)),
        req(EMAIL, ISSUER));
    VerifiedSigner tsaOnly = verify(att.withAnnotations(a -> {
      a.put(CosignVerifier.TIMESTAMP, overEnvelope);
      a.remove(CosignVerifier.BUNDLE);
    }), optional);

    assertEquals(List.of(at), both.timestamps());
    assertEquals(List.of(at), tsaOnly.timestamps());
    assertEquals(null, tsaOnly.integratedTime());
    // cosign timestamps a .att layer's envelope, not its DSSE signature
    byte[] sig = Dsse.parse(att.envelope()).signatures().get(0).sig();
    String overSignature = TestSigner.rfc3161Annotation(sigstore.tsa().timestamp(sig, at));
    assertEquals("timestamp is over other data than this signature", fails(att.withAnnotations(a -> a.put(
        CosignVerifier.TIMESTAMP, overSignature)), req(EMAIL, ISSUER)));
  }

  @Test
  void verify_setAltered_fails() {
    ClassicAttestation altered = att.withAnnotations(a -> a.put(CosignVerifier.BUNDLE, a.get(CosignVerifier.BUNDLE)
        .replace("\"integratedTime\":", "\"integratedTime\":1")));
    assertTrue(fails(altered, req(EMAIL, ISSUER)).contains("SET"));
  }

  @Test
  void verify_entryOfAnotherEnvelopeOfTheSamePayload_failsOnEnvelopeHash() {
    // same payload, same signature, same certificate: only the logged envelope hash tells them apart
    byte[] respelled = new String(att.envelope(), StandardCharsets.UTF_8).replace("{\"payloadType\"",
        "{ \"payloadType\"").getBytes(StandardCharsets.UTF_8);
    String m = fails(att.withEnvelope(respelled), req(EMAIL, ISSUER));
    assertTrue(m.startsWith("log entry envelope hash "), m);
  }

  @Test
  void verify_entryOfAnotherPayloadBySameCertificate_failsOnPayloadHash() {
    byte[] other = TestSigner.statement("app", new byte[32], "https://cyclonedx.org/bom");
    String m = fails(att.withEnvelope(att.envelopeOver(other)), req(EMAIL, ISSUER));
    assertTrue(m.startsWith("log entry payload hash "), m);
  }

  @Test
  void verify_entryOfAnotherAttestation_failsOnTheBody() {
    ClassicAttestation other = sigstore.signer(EMAIL, ISSUER).signClassicAttestation(STATEMENT);
    ClassicAttestation swapped = att.withAnnotations(a -> a.put(CosignVerifier.BUNDLE,
        other.annotations().get(CosignVerifier.BUNDLE)));
    String m = fails(swapped, req(EMAIL, ISSUER));
    assertTrue(m.startsWith("log entry envelope hash "), m);
  }

  @Test
  void verify_paeOrSignatureNotTheEnvelopes_fails() throws Exception {
    Dsse.Envelope env = Dsse.parse(att.envelope());
    byte[] sig = env.signatures().get(0).sig();
    var otherPae = Pae.encode("application/vnd.in-toto+json", "{}".getBytes(StandardCharsets.UTF_8));
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignAttestationVerifier.verify(att.envelope(),
        otherPae, sig, att.annotations(), req(EMAIL, ISSUER)));
    assertEquals("DSSE envelope: the signed PAE is not this envelope's", e.getMessage());
    e = assertThrows(SigstoreVerificationException.class, () -> CosignAttestationVerifier.verify(att.envelope(),
        env.pae(), new byte[] {1, 2}, att.annotations(), req(EMAIL, ISSUER)));
    assertEquals("DSSE envelope: the signature is not this envelope's signature", e.getMessage());
  }

  @Test
  void verify_secondSignatureInTheEnvelope_fails() throws Exception {
    String json = new String(att.envelope(), StandardCharsets.UTF_8);
    int sigs = json.indexOf("[{");
    byte[] twice = (json.substring(0, sigs + 1) + json.substring(sigs + 1, json.length() - 2) + ","
        + json.substring(sigs + 1)).getBytes(StandardCharsets.UTF_8);
    Dsse.Envelope env = Dsse.parse(twice);
    assertEquals(2, env.signatures().size());
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignAttestationVerifier.verify(twice,
        env.pae(), env.signatures().get(0).sig(), att.annotations(), req(EMAIL, ISSUER)));
    assertEquals("DSSE envelope: signatures holds 2 signatures; exactly 1 expected", e.getMessage());
  }

  @Test
  void verify_noCertificate_fails() {
    assertEquals("layer has no dev.sigstore.cosign/certificate annotation", fails(att.withAnnotations(a -> a.remove(
        CosignVerifier.CERTIFICATE)), req(EMAIL, ISSUER)));
    assertTrue(fails(att.withAnnotations(a -> a.put(CosignVerifier.CERTIFICATE, "-----BEGIN CERTIFICATE-----\nAAAA"
        + "\n-----END CERTIFICATE-----\n")), req(EMAIL, ISSUER)).startsWith(
        "dev.sigstore.cosign/certificate annotation is malformed: "));
  }

  @Test
  void verify_everyEnvelopeByteFlipped_neverPasses() {
    byte[] env = att.envelope();
    int verified = 0;
    for (int i = 0; i < env.length; i++) {
      byte[] flipped = env.clone();
      flipped[i] ^= 1;
      Dsse.Envelope parsed;
      try {
        parsed = Dsse.parse(flipped);
      } catch (dev.verdict.VerificationException e) {
        continue;
      }
      for (Dsse.Signature s : parsed.signatures()) {
        try {
          CosignAttestationVerifier.verify(flipped, parsed.pae(), s.sig(), att.annotations(), req(EMAIL, ISSUER));
          verified++;
        } catch (SigstoreVerificationException expected) {
          assertNotNull(expected.getMessage());
        }
      }
    }
    assertEquals(0, verified, "a flipped envelope byte verified");
  }
}
