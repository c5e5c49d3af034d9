package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verdict.result.Check;
import dev.verdict.result.Status;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cosign's {@code dev.sigstore.cosign/rfc3161timestamp} annotation on classic keyless layers: an RFC 3161 timestamp
 * over the raw signature bytes, verified against the trusted root's TSAs and adding its time to the times the
 * certificate is judged at.
 */
class CosignTimestampTest {
  static final String EMAIL = "dev@verdict.test";
  static final String ISSUER = "https://issuer.verdict.test";
  static final byte[] PAYLOAD = "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8);
  static final TestSigner.Options SET_ONLY = new TestSigner.Options(true, false, true, true);
  static final TestSigner.Options SET_AND_TSA = new TestSigner.Options(true, true, true, true);
  static final TestSigner.Options TSA_ONLY = new TestSigner.Options(false, true, true, true);
  static TestSigstore sigstore;
  static TrustedRoot root;
  static TestSigner signer;

  @BeforeAll
  static void setUp() throws Exception {
    sigstore = TestSigstore.create();
    root = parse(sigstore.trustedRootJson());
    signer = sigstore.signer(EMAIL, ISSUER).at(Instant.now().minus(Duration.ofDays(30)));
  }

  static TrustedRoot parse(String json) throws Exception {
    return TrustedRoot.parse(json.getBytes(StandardCharsets.UTF_8), "test trusted_root.json");
  }

  static CertificateRequirements req(TrustedRoot r, boolean tlogRequired) {
    return new CertificateRequirements(r, List.of(), List.of(), List.of(new Identity(StringMatch.exact(ISSUER),
        StringMatch.exact(EMAIL))), Map.of(), tlogRequired, true);
  }

  static VerifiedSigner verify(TestSigner.Classic c, Map<String, String> annotations, boolean tlogRequired)
      throws SigstoreVerificationException {
    return CosignVerifier.verifyCosignCertificate(c.payload(), c.signature(), annotations, req(root, tlogRequired));
  }

  static Map<String, String> with(TestSigner.Classic c, String timestampAnnotation) {
    Map<String, String> ann = new HashMap<>(c.annotations());
    ann.put(CosignVerifier.TIMESTAMP, timestampAnnotation);
    return ann;
  }

  static Check last(SigstoreVerificationException e) {
    return e.checks().get(e.checks().size() - 1);
  }

  static Check check(VerifiedSigner s, String id) {
    return s.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(
        id + " missing from " + s.checks()));
  }

  @Test
  void verifyCosignCertificate_setAndTimestamp_judgesCertificateAtBothTimes() throws Exception {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_AND_TSA);
    VerifiedSigner s = verify(c, c.annotations(), true);
    assertNotNull(s.integratedTime());
    assertNotNull(s.logIndex());
    assertEquals(1, s.timestamps().size());
    assertEquals(Status.PASS, check(s, "timestamp.annotation").status());
    Check ts = check(s, "timestamp");
    assertEquals(Status.PASS, ts.status());
    assertTrue(ts.found().endsWith(" at " + s.timestamps().get(0)), ts.found());
    Check validity = check(s, "certificate.validity");
    assertTrue(validity.found().contains(s.integratedTime().toString())
        && validity.found().contains(s.timestamps().get(0).toString()), validity.found());
  }

  @Test
  void verifyCosignCertificate_noTimestampAnnotation_reportsNoTimestamp() throws Exception {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_ONLY);
    VerifiedSigner s = verify(c, c.annotations(), true);
    assertEquals(List.of(), s.timestamps());
    assertTrue(s.checks().stream().noneMatch(k -> k.id().startsWith("timestamp")), s.checks().toString());
  }

  @Test
  void verifyCosignCertificate_timestampOnlyLogOptional_verifiesAtTimestamp() throws Exception {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, TSA_ONLY);
    VerifiedSigner s = verify(c, c.annotations(), false);
    assertEquals("keyless", s.method());
    assertEquals(EMAIL, s.subject());
    assertNull(s.integratedTime());
    assertNull(s.logIndex());
    assertEquals(1, s.timestamps().size());
    assertEquals(Status.SKIP, check(s, "tlog.required").status());
    assertEquals(s.timestamps().toString(), check(s, "certificate.validity").found());
  }

  @Test
  void verifyCosignCertificate_timestampOnlyLogRequired_failsNamingTheRule() {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, TSA_ONLY);
    var e = assertThrows(SigstoreVerificationException.class, () -> verify(c, c.annotations(), true));
    assertEquals("no transparency-log entry, and the log is required (an RFC 3161 timestamp stands in for it only "
        + "where the authority makes the log optional)", e.getMessage());
    assertEquals("tlog.required", last(e).id());
    assertEquals(Status.FAIL, last(e).status());
    assertEquals("0 (an RFC 3161 timestamp only)", last(e).found());
  }

  @Test
  void verifyCosignCertificate_neitherSetNorTimestampLogOptional_failsWithoutSigningTime() {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, new TestSigner.Options(false, false, true, true));
    var e = assertThrows(SigstoreVerificationException.class, () -> verify(c, c.annotations(), false));
    assertEquals("signing.time", last(e).id());
  }

  @Test
  void verifyCosignCertificate_timestampOverAnotherSignature_fails() {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_ONLY);
    TestSigner.Classic other = signer.signClassic(PAYLOAD, SET_ONLY);
    byte[] ts = sigstore.tsa().timestamp(other.signature(), Instant.now().minus(Duration.ofDays(30)));
    for (boolean tlogRequired : List.of(true, false)) {
      var e = assertThrows(SigstoreVerificationException.class, () -> verify(c, with(c,
          TestSigner.rfc3161Annotation(ts)), tlogRequired));
      assertEquals("timestamp is over other data than this signature", e.getMessage());
      assertEquals("timestamp", last(e).id());
    }
  }

  /** cosign hashes the decoded signature, not its base64 text: a timestamp over the annotation text must fail. */
  @Test
  void verifyCosignCertificate_timestampOverBase64Text_fails() {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_ONLY);
    byte[] text = c.annotations().get("dev.cosignproject.cosign/signature").getBytes(StandardCharsets.US_ASCII);
    byte[] ts = sigstore.tsa().timestamp(text, Instant.now().minus(Duration.ofDays(30)));
    var e = assertThrows(SigstoreVerificationException.class, () -> verify(c, with(c,
        TestSigner.rfc3161Annotation(ts)), true));
    assertEquals("timestamp is over other data than this signature", e.getMessage());
  }

  @Test
  void verifyCosignCertificate_untrustedTsa_fails() {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_ONLY);
    byte[] ts = TestSigstore.create().tsa().timestamp(c.signature(), Instant.now().minus(Duration.ofDays(30)));
    var e = assertThrows(SigstoreVerificationException.class, () -> verify(c, with(c,
        TestSigner.rfc3161Annotation(ts)), true));
    assertTrue(e.getMessage().startsWith("timestamp is not signed by a trusted TSA"), e.getMessage());
    assertEquals("timestamp", last(e).id());
    assertEquals("not verified", last(e).found());
  }

  @Test
  void verifyCosignCertificate_trustedRootWithoutTsa_fails() throws Exception {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_AND_TSA);
    var json = (tools.jackson.databind.node.ObjectNode) Json.read(sigstore.trustedRootJson()
        .getBytes(StandardCharsets.UTF_8));
    json.putArray("timestampAuthorities");
    TrustedRoot noTsa = parse(Json.mapper().writeValueAsString(json));
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        c.payload(), c.signature(), c.annotations(), req(noTsa, true)));
    assertEquals("a timestamp is present but the trusted root names no TSA", e.getMessage());
  }

  @Test
  void verifyCosignCertificate_timestampOutsideTsaValidity_fails() throws Exception {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_AND_TSA);
    var json = (tools.jackson.databind.node.ObjectNode) Json.read(sigstore.trustedRootJson()
        .getBytes(StandardCharsets.UTF_8));
    var tsa = (tools.jackson.databind.node.ObjectNode) json.get("timestampAuthorities").get(0);
    // the TSA is trusted from ten days ago; the timestamp is thirty days old
    tsa.putObject("validFor").put("start", Instant.now().minus(Duration.ofDays(10)).toString());
    TrustedRoot late = parse(Json.mapper().writeValueAsString(json));
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        c.payload(), c.signature(), c.annotations(), req(late, true)));
    assertTrue(e.getMessage().startsWith("TSA ") && e.getMessage().contains(" is not valid at timestamp "),
        e.getMessage());
    assertEquals("timestamp", last(e).id());
  }

  @Test
  void verifyCosignCertificate_certificateExpiredAtTimestamp_fails() {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_ONLY);
    Instant late = c.leaf().getNotAfter().toInstant().plusSeconds(60);
    Map<String, String> ann = with(c, TestSigner.rfc3161Annotation(sigstore.tsa().timestamp(c.signature(), late)));
    // with the SET (valid at its integrated time) and without it: every proven time counts
    for (boolean withSet : List.of(true, false)) {
      Map<String, String> a = new HashMap<>(ann);
      if (!withSet) {
        a.remove(CosignVerifier.BUNDLE);
      }
      var e = assertThrows(SigstoreVerificationException.class, () -> verify(c, a, false));
      assertEquals("certificate not valid at signing time " + late + " (RFC 3161 timestamp)", e.getMessage());
      assertEquals("certificate.validity", last(e).id());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[\"MIIB\"]",
      "{}",
      "{\"SignedRFC3161Timestamp\":null}",
      "{\"SignedRFC3161Timestamp\":\"\"}",
      "{\"SignedRFC3161Timestamp\":{}}",
      "{\"SignedRFC3161Timestamp\":\"!!not base64!!\"}",
      "{\"SignedRFC3161Timestamp\":\"AAAA\"}",
      "{\"SignedRFC3161Timestamp\":\"MAA=\"}",
      "\"MIIB\""})
  void verifyCosignCertificate_malformedAnnotation_failsNamingIt(String value) {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, SET_ONLY);
    // the SET alone would verify: a malformed timestamp must still fail, with the log required or not
    for (boolean tlogRequired : List.of(true, false)) {
      var e = assertThrows(SigstoreVerificationException.class, () -> verify(c, with(c, value), tlogRequired));
      assertTrue(e.getMessage().startsWith("dev.sigstore.cosign/rfc3161timestamp annotation is malformed: "),
          e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertEquals("timestamp.annotation", last(e).id());
      assertEquals(Status.FAIL, last(e).status());
    }
  }

  @Test
  void verifyCosignCertificate_timestampNotDer_failsNamingAnnotation() {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, TSA_ONLY);
    byte[] der = Base64.getDecoder().decode(tsValue(c));
    // a BER long-form length for the outer SEQUENCE: same content, not DER
    byte[] ber = new byte[der.length + 1];
    ber[0] = der[0];
    int lenBytes = der[1] & 0x7f;
    ber[1] = (byte) (0x80 | (lenBytes + 1));
    ber[2] = 0;
    System.arraycopy(der, 2, ber, 3, der.length - 2);
    var e = assertThrows(SigstoreVerificationException.class, () -> verify(c, with(c,
        TestSigner.rfc3161Annotation(ber)), false));
    assertTrue(e.getMessage().startsWith("dev.sigstore.cosign/rfc3161timestamp annotation is malformed: "),
        e.getMessage());
  }

  static String tsValue(TestSigner.Classic c) {
    return Json.read(c.annotations().get(CosignVerifier.TIMESTAMP).getBytes(StandardCharsets.UTF_8))
        .get("SignedRFC3161Timestamp").asString();
  }

  /**
   * Flips each byte of a timestamp that is the only proof of signing time. A flip in what the TSA signs (TSTInfo and
   * the signature) never verifies; CMS leaves other parts unsigned (status, embedded certificates), and a flip
   * there may only ever prove the same time.
   */
  @Test
  void verifyCosignCertificate_mutatedTimestamp_neverVerifiesOtherwise() throws Exception {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, TSA_ONLY);
    Instant proven = verify(c, c.annotations(), false).timestamps().get(0);
    byte[] original = Base64.getDecoder().decode(tsValue(c));
    int[] signed = TestSigstoreVerificationTest.signedRegions(original);
    int rejected = 0;
    for (int i = 0; i < original.length; i++) {
      byte[] m = original.clone();
      m[i] ^= 0x01;
      try {
        VerifiedSigner s = verify(c, with(c, TestSigner.rfc3161Annotation(m)), false);
        if (i >= signed[0] && i < signed[1] || i >= original.length - 64) {
          fail("verified after flipping signed byte " + i);
        }
        assertEquals(List.of(proven), s.timestamps(), "byte " + i);
      } catch (SigstoreVerificationException expected) {
        rejected++;
      }
    }
    assertTrue(rejected > original.length / 2, rejected + " of " + original.length + " rejected");
  }

  @Test
  void verifyCosignCertificate_mutatedAnnotationText_neverVerifiesOtherwise() throws Exception {
    TestSigner.Classic c = signer.signClassic(PAYLOAD, TSA_ONLY);
    Instant proven = verify(c, c.annotations(), false).timestamps().get(0);
    String v = c.annotations().get(CosignVerifier.TIMESTAMP);
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      Map<String, String> ann = with(c, v.substring(0, i) + (ch == 'A' ? 'B' : 'A') + v.substring(i + 1));
      try {
        assertEquals(List.of(proven), verify(c, ann, false).timestamps(), "character " + i);
      } catch (SigstoreVerificationException expected) {
        // rejected
      }
    }
  }
}
