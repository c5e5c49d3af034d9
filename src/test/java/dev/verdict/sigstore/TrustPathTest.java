package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import dev.verdict.testing.sigstore.TrustedRootWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which trust-root entry a signature may rely on (one CA entry per path, every listing of a log, CT log or TSA with
 * its own window), and how strictly the signing certificate's Fulcio claims and SANs are read.
 */
class TrustPathTest {
  static final String EMAIL = "dev@verdict.test";
  static final String ISSUER = "https://issuer.verdict.test";
  static final byte[] ARTIFACT = "hello, trust paths".getBytes(StandardCharsets.UTF_8);
  static final String FULCIO = "1.3.6.1.4.1.57264.1.";

  static TrustedRoot parse(String json) throws Exception {
    return TrustedRoot.parse(json.getBytes(StandardCharsets.UTF_8), "trusted_root.json");
  }

  static CertificateRequirements keyless(TrustedRoot root) {
    return CertificateRequirements.keyless(root, List.of(new Identity(StringMatch.exact(ISSUER),
        StringMatch.exact(EMAIL))), Map.of());
  }

  // --- 10.12: an intermediate whose trusted-root entry has ended

  /** Two CA entries sharing one root: the old intermediate's entry ended a day ago, the new one is current. */
  static TrustedRoot rotated(TestSigstore old, TestSigstore current) throws Exception {
    Instant yearAgo = old.epoch().minus(Duration.ofDays(365));
    Instant rotation = old.epoch().minus(Duration.ofDays(1));
    return parse(TrustedRootWriter.json(List.of(old.caEntry(yearAgo, rotation), current.caEntry(rotation, null)),
        List.of(old.rekorEntry(yearAgo, null)), List.of(old.ctEntry(yearAgo, null)), List.of()));
  }

  @Test
  void verifyCosignCertificate_intermediateOfEndedEntryCarriedInChain_denied() throws Exception {
    TestSigstore old = TestSigstore.create();
    TestSigstore current = old.rotateIntermediate();
    TrustedRoot root = rotated(old, current);
    // signed now by the old intermediate, which the classic chain annotation carries
    TestSigner.Classic c = old.signer(EMAIL, ISSUER).signClassic("payload".getBytes());
    assertTrue(c.annotations().get(CosignVerifier.CHAIN).contains(Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(old.intermediateCertificate().getEncoded()).substring(0, 60)));
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        c.payload(), c.signature(), c.annotations(), keyless(root)));
    assertTrue(e.getMessage().startsWith("certificate does not chain to a trusted Fulcio CA"), e.getMessage());
    assertTrue(e.getMessage().contains("certificateAuthorities[0]") && e.getMessage().contains("not valid at"),
        e.getMessage());
  }

  @Test
  void verifyCosignCertificate_eachIntermediateInItsOwnWindow_namesTheEntryUsed() throws Exception {
    TestSigstore old = TestSigstore.create();
    TestSigstore current = old.rotateIntermediate();
    TrustedRoot root = rotated(old, current);
    TestSigner.Classic now = current.signer(EMAIL, ISSUER).signClassic("payload".getBytes());
    VerifiedSigner s = CosignVerifier.verifyCosignCertificate(now.payload(), now.signature(), now.annotations(),
        keyless(root));
    assertTrue(s.trustAnchor().contains("certificateAuthorities[1]"), s.trustAnchor());
    TestSigner.Classic before = old.signer(EMAIL, ISSUER).at(old.epoch().minus(Duration.ofDays(2)))
        .signClassic("payload".getBytes());
    VerifiedSigner b = CosignVerifier.verifyCosignCertificate(before.payload(), before.signature(),
        before.annotations(), keyless(root));
    assertTrue(b.trustAnchor().contains("certificateAuthorities[0]"), b.trustAnchor());
  }

  @Test
  void verifyBundle_x509ChainCarriesIntermediateOfEndedEntry_denied() throws Exception {
    TestSigstore old = TestSigstore.create();
    TestSigstore current = old.rotateIntermediate();
    TrustedRoot root = rotated(old, current);
    ObjectNode b = (ObjectNode) Json.read(old.signer(EMAIL, ISSUER).bundle(ARTIFACT,
        TestSigner.Options.defaults()));
    ObjectNode vm = (ObjectNode) b.get("verificationMaterial");
    String leaf = vm.get("certificate").get("rawBytes").asString();
    vm.remove("certificate");
    ArrayNode certs = vm.putObject("x509CertificateChain").putArray("certificates");
    certs.addObject().put("rawBytes", leaf);
    certs.addObject().put("rawBytes", Base64.getEncoder().encodeToString(old.intermediateCertificate()
        .getEncoded()));
    b.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.1");
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(Json.mapper()
        .writeValueAsBytes(b), ArtifactInput.ofBytes(ARTIFACT), keyless(root)));
    assertTrue(e.getMessage().startsWith("certificate does not chain to a trusted Fulcio CA"), e.getMessage());
  }

  @Test
  void verifyBundle_leafAloneAndTwoOpenEntriesOfOneIntermediateName_chainsToTheEntryThatIssuedIt() throws Exception {
    TestSigstore first = TestSigstore.create();
    TestSigstore second = first.rotateIntermediate();
    Instant yearAgo = first.epoch().minus(Duration.ofDays(365));
    TrustedRoot root = parse(TrustedRootWriter.json(List.of(first.caEntry(yearAgo, null),
            second.caEntry(yearAgo, null)), List.of(first.rekorEntry(yearAgo, null)),
        List.of(first.ctEntry(yearAgo, null)), List.of()));
    // a v0.3 bundle carries the leaf alone: no path to build, the leaf and each entry are validated as they stand
    BundleResult r = BundleVerifier.verify(second.signer(EMAIL, ISSUER).bundle(ARTIFACT,
        TestSigner.Options.defaults()), ArtifactInput.ofBytes(ARTIFACT), keyless(root));
    assertTrue(r.signer().trustAnchor().contains("certificateAuthorities[1]"), r.signer().trustAnchor());
    assertEquals(second.intermediateCertificate().getSubjectX500Principal(),
        first.intermediateCertificate().getSubjectX500Principal(), "the entries' issuing certificates share a name");
    // an intermediate of the same name and root that no entry lists
    TestSigstore rogue = first.rotateIntermediate();
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(
        rogue.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults()), ArtifactInput.ofBytes(ARTIFACT),
        keyless(root)));
    assertTrue(e.getMessage().startsWith("certificate does not chain to a trusted Fulcio CA"), e.getMessage());
  }

  // --- 10.16: the same key listed twice with different windows

  /** A trusted root listing the Rekor key, CT log key and/or TSA twice: an ended window, then a current one. */
  static TrustedRoot twice(TestSigstore s, boolean rekor, boolean ct, boolean tsa) throws Exception {
    Instant yearAgo = s.epoch().minus(Duration.ofDays(365));
    Instant ended = s.epoch().minus(Duration.ofDays(30));
    Instant current = s.epoch().minus(Duration.ofDays(7));
    return parse(TrustedRootWriter.json(List.of(s.caEntry(yearAgo, null)),
        rekor ? List.of(s.rekorEntry(yearAgo, ended), s.rekorEntry(current, null))
            : List.of(s.rekorEntry(yearAgo, null)),
        ct ? List.of(s.ctEntry(yearAgo, ended), s.ctEntry(current, null)) : List.of(s.ctEntry(yearAgo, null)),
        tsa ? List.of(s.tsaEntry(yearAgo, ended), s.tsaEntry(current, null)) : List.of(s.tsaEntry(yearAgo, null))));
  }

  @Test
  void verifyBundle_logCtLogOrTsaListedTwice_secondWindowIsUsed() throws Exception {
    TestSigstore s = TestSigstore.create();
    byte[] bundle = s.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(true, true, true, true));
    for (boolean[] which : new boolean[][] {{true, false, false}, {false, true, false}, {false, false, true}}) {
      TrustedRoot root = twice(s, which[0], which[1], which[2]);
      BundleResult r = BundleVerifier.verify(bundle, ArtifactInput.ofBytes(ARTIFACT), keyless(root));
      assertEquals(EMAIL, r.signer().subject());
    }
  }

  @Test
  void verifyBundle_signedInNoWindowOfALogListedTwice_denied() throws Exception {
    TestSigstore s = TestSigstore.create();
    // signed 20 days ago: after the first window ended, before the second began
    byte[] bundle = s.signer(EMAIL, ISSUER).at(s.epoch().minus(Duration.ofDays(20))).bundle(ARTIFACT,
        TestSigner.Options.defaults());
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(bundle,
        ArtifactInput.ofBytes(ARTIFACT), keyless(twice(s, true, false, false))));
    assertTrue(e.getMessage().contains("is not valid at integrated time"), e.getMessage());
    var ct = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(bundle,
        ArtifactInput.ofBytes(ARTIFACT), keyless(twice(s, false, true, false))));
    assertTrue(ct.getMessage().contains("not valid at SCT time"), ct.getMessage());
  }

  @Test
  void verifyBundle_inclusionOnlyEntryWhoseLogKeyEndedBeforeTheTimestamp_denied() throws Exception {
    TestSigstore s = TestSigstore.create();
    Instant yearAgo = s.epoch().minus(Duration.ofDays(365));
    // an entry proven by its checkpointed inclusion proof alone (no SET, as Rekor v2), timed by a TSA
    ObjectNode b = (ObjectNode) Json.read(s.signer(EMAIL, ISSUER).bundle(ARTIFACT, new TestSigner.Options(true, true,
        true, true)));
    ((ObjectNode) b.get("verificationMaterial").get("tlogEntries").get(0)).remove("inclusionPromise");
    byte[] bundle = Json.mapper().writeValueAsBytes(b);
    String open = TrustedRootWriter.json(List.of(s.caEntry(yearAgo, null)), List.of(s.rekorEntry(yearAgo, null)),
        List.of(s.ctEntry(yearAgo, null)), List.of(s.tsaEntry(yearAgo, null)));
    BundleVerifier.verify(bundle, ArtifactInput.ofBytes(ARTIFACT), keyless(parse(open)));
    String ended = TrustedRootWriter.json(List.of(s.caEntry(yearAgo, null)),
        List.of(s.rekorEntry(yearAgo, s.epoch().minus(Duration.ofDays(30)))), List.of(s.ctEntry(yearAgo, null)),
        List.of(s.tsaEntry(yearAgo, null)));
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(bundle,
        ArtifactInput.ofBytes(ARTIFACT), keyless(parse(ended))));
    assertTrue(e.getMessage().startsWith("log key https://rekor.test") && e.getMessage().contains(
        "is not valid at timestamp"), e.getMessage());
  }

  // --- 10.14: Fulcio claims that are present but malformed

  static SigstoreVerificationException deniedWith(TestSigner.LeafCustomizer c) throws Exception {
    TestSigstore s = TestSigstore.create();
    TrustedRoot root = parse(s.trustedRootJson());
    byte[] bundle = s.signer(EMAIL, ISSUER).customizeLeaf(c).bundle(ARTIFACT, TestSigner.Options.defaults());
    return assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(bundle,
        ArtifactInput.ofBytes(ARTIFACT), keyless(root)));
  }

  @Test
  void verifyBundle_v2IssuerRawBytesWithGoodV1_denied() throws Exception {
    var e = deniedWith(b -> b.replaceExtension(new ASN1ObjectIdentifier(FULCIO + "8"), false,
        ISSUER.getBytes(StandardCharsets.UTF_8)));
    assertEquals("Fulcio extension 1.3.6.1.4.1.57264.1.8 (issuer) is malformed: not a DER UTF8String",
        e.getMessage());
  }

  @Test
  void verifyBundle_v2IssuerBrokenDer_denied() throws Exception {
    byte[] der = new DERUTF8String(ISSUER).getEncoded();
    byte[] truncated = java.util.Arrays.copyOf(der, der.length - 3);
    byte[] trailing = java.util.Arrays.copyOf(der, der.length + 2);
    for (byte[] bad : List.of(truncated, trailing, new org.bouncycastle.asn1.DERIA5String(ISSUER).getEncoded())) {
      var e = deniedWith(b -> b.replaceExtension(new ASN1ObjectIdentifier(FULCIO + "8"), false, bad));
      assertTrue(e.getMessage().contains("57264.1.8 (issuer) is malformed"), e.getMessage());
    }
  }

  @Test
  void verifyBundle_v1AndV2IssuerDisagree_denied() throws Exception {
    var e = deniedWith(b -> b.replaceExtension(new ASN1ObjectIdentifier(FULCIO + "1"), false,
        "https://other.issuer.test".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("Fulcio issuer extensions disagree"), e.getMessage());
  }

  @Test
  void verifyBundle_otherClaimMalformed_denied() throws Exception {
    // a v1 claim that is not UTF-8, and a v2 claim written raw: present, so never read as absent
    var v1 = deniedWith(b -> b.addExtension(new ASN1ObjectIdentifier(FULCIO + "2"), false,
        new byte[] {(byte) 0xff, (byte) 0xfe, 'x'}));
    assertTrue(v1.getMessage().contains("57264.1.2 (githubWorkflowTrigger) is malformed"), v1.getMessage());
    var v2 = deniedWith(b -> b.addExtension(new ASN1ObjectIdentifier(FULCIO + "12"), false,
        "https://github.com/acme/app".getBytes(StandardCharsets.UTF_8)));
    assertTrue(v2.getMessage().contains("57264.1.12 (sourceRepositoryURI) is malformed"), v2.getMessage());
  }

  @Test
  void verifyBundle_leafWithAnExtensionTwice_denied() throws Exception {
    // RFC 5280 4.2: at most one instance of an extension. The JDK's parser already refuses such a certificate;
    // Certificates.requireDistinctExtensions says so again for any other parser.
    TestSigstore s = TestSigstore.create();
    TrustedRoot root = parse(s.trustedRootJson());
    ObjectNode b = (ObjectNode) Json.read(s.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults()));
    ObjectNode cert = (ObjectNode) b.get("verificationMaterial").get("certificate");
    byte[] leaf = Base64.getDecoder().decode(cert.get("rawBytes").asString());
    cert.put("rawBytes", Base64.getEncoder().encodeToString(CertificateSurgery.duplicateExtension(
        Certificates.fromDer(leaf), FULCIO + "8")));
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(Json.mapper()
        .writeValueAsBytes(b), ArtifactInput.ofBytes(ARTIFACT), keyless(root)));
    assertEquals("bundle is malformed: not a DER X.509 certificate", e.getMessage());
  }

  // --- 10.15: several SANs

  static final TestSigner.LeafCustomizer TWO_SANS = b -> b.replaceExtension(Extension.subjectAlternativeName, true,
      new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.rfc822Name, "someone@else.test"),
          new GeneralName(GeneralName.rfc822Name, EMAIL)}));

  @Test
  void verifyBundle_keylessCertificateWithTwoSans_denied() throws Exception {
    var e = deniedWith(TWO_SANS);
    assertEquals("a keyless (Fulcio) certificate has exactly one subject alternative name; this one has 2",
        e.getMessage());
  }

  @Test
  void verifyBundle_privatePkiWithTwoSans_reportsTheSanThatMatched() throws Exception {
    TestSigstore s = TestSigstore.create();
    TrustedRoot root = parse(s.trustedRootJson());
    byte[] bundle = s.signer(EMAIL, ISSUER).customizeLeaf(TWO_SANS).bundle(ARTIFACT, TestSigner.Options.defaults());
    var pki = new CertificateRequirements(root, List.of(s.rootCertificate()), List.of(s.intermediateCertificate()),
        List.of(new Identity(null, StringMatch.exact(EMAIL))), Map.of(), false, false);
    BundleResult r = BundleVerifier.verify(bundle, ArtifactInput.ofBytes(ARTIFACT), pki);
    assertEquals(EMAIL, r.signer().subject());
    assertTrue(r.signer().trustAnchor().startsWith("root O=verdict.test,CN=Test Fulcio Root, leaf issued by "),
        r.signer().trustAnchor());
  }
  // --- the certificates a bundle carries (protobuf-specs client policy: a leaf first, never a root)

  /** {@code bundle} with its leaf moved into an x509CertificateChain followed by {@code carried}. */
  static byte[] withChain(byte[] bundle, java.security.cert.X509Certificate... carried) throws Exception {
    ObjectNode b = (ObjectNode) Json.read(bundle);
    ObjectNode vm = (ObjectNode) b.get("verificationMaterial");
    String leaf = vm.get("certificate").get("rawBytes").asString();
    vm.remove("certificate");
    ArrayNode certs = vm.putObject("x509CertificateChain").putArray("certificates");
    certs.addObject().put("rawBytes", leaf);
    for (var c : carried) {
      certs.addObject().put("rawBytes", Base64.getEncoder().encodeToString(c.getEncoded()));
    }
    return Json.mapper().writeValueAsBytes(b);
  }

  @Test
  void verifyBundle_chainCarriesACopyOfTheTrustedRootsRoot_verifies() throws Exception {
    TestSigstore s = TestSigstore.create();
    byte[] bundle = withChain(s.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults()),
        s.intermediateCertificate(), s.rootCertificate());
    BundleVerifier.verify(bundle, ArtifactInput.ofBytes(ARTIFACT), keyless(parse(s.trustedRootJson())));
  }

  @Test
  void verifyBundle_chainCarriesARootTheTrustedRootDoesNotList_deniedFirst() throws Exception {
    TestSigstore s = TestSigstore.create();
    byte[] bundle = withChain(s.signer(EMAIL, ISSUER).bundle(ARTIFACT, TestSigner.Options.defaults()),
        s.intermediateCertificate(), TestSigstore.create().rootCertificate());
    var e = assertThrows(SigstoreVerificationException.class, () -> BundleVerifier.verify(bundle,
        ArtifactInput.ofBytes(ARTIFACT), keyless(parse(s.trustedRootJson()))));
    assertEquals("the bundle's certificate chain contains a root certificate the trusted root does not list "
        + "(certificates[2] O=verdict.test,CN=Test Fulcio Root)", e.getMessage());
    assertEquals("bundle.signer", e.checks().get(e.checks().size() - 1).id());
  }

  @Test
  void verifyBundle_caCertificateInTheLeafPosition_denied() throws Exception {
    var e = deniedWith(b -> b.addExtension(Extension.basicConstraints, true,
        new org.bouncycastle.asn1.x509.BasicConstraints(0)));
    assertEquals("the bundle's signing certificate is a CA certificate, not a leaf", e.getMessage());
  }
}
