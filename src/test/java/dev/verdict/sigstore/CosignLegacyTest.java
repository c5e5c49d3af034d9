package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.sigstore.TrustedRootWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Classic cosign signatures made by real cosign (containers/image fixtures, testdata/cosign-legacy): keyless with a
 * Rekor SET, key-signed with a SET, and private PKI. The trusted root is built here from fulcio_v1.crt.pem, rekor.pub
 * and the public-good CT log key (the leaf's SCT is from ctfe.sigstore.dev/2022).
 */
class CosignLegacyTest {
  static final Path DIR = Path.of("testdata/cosign-legacy");
  static final String GITHUB_OAUTH = "https://github.com/login/oauth";
  static TrustedRoot root;

  /** One signature-N file: {@code \0sigstore-json\n} then {mimeType, payload, annotations}. */
  record Layer(byte[] payload, Map<String, String> annotations) {
    static Layer read(String dir) throws Exception {
      byte[] raw = Files.readAllBytes(DIR.resolve(dir).resolve("signature-1"));
      String prefix = "\0sigstore-json\n";
      assertTrue(new String(raw, 0, prefix.length(), StandardCharsets.US_ASCII).equals(prefix));
      var n = Json.read(java.util.Arrays.copyOfRange(raw, prefix.length(), raw.length));
      Map<String, String> ann = new HashMap<>();
      n.get("annotations").properties().forEach(e -> ann.put(e.getKey(), e.getValue().asString()));
      return new Layer(Base64.getDecoder().decode(Json.text(n, "payload")), ann);
    }

    Layer with(String key, String value) {
      Map<String, String> a = new HashMap<>(annotations);
      if (value == null) {
        a.remove(key);
      } else {
        a.put(key, value);
      }
      return new Layer(payload, a);
    }
  }

  @BeforeAll
  static void trustedRoot() throws Exception {
    X509Certificate fulcio = CertificateRequirements.loadPem(DIR.resolve("fulcio_v1.crt.pem")).get(0);
    var rekor = PublicKeyVerifier.fromPem(Files.readString(DIR.resolve("rekor.pub"))).publicKey();
    var ct = TrustedRoot.load(Path.of("testdata/sigstore-bundles/derived-trust-roots/"
        + "PROD-trusted_root.sigstore-python-store.json")).ctlogs().stream()
        .filter(l -> l.logIdHex().startsWith("dd3d306a")).findFirst().orElseThrow().key();
    String json = TrustedRootWriter.json(List.of(fulcio), rekor, ct, List.of(), Instant.parse("2021-01-01T00:00:00Z"));
    root = TrustedRoot.parse(json.getBytes(StandardCharsets.UTF_8), "cosign-legacy trusted_root.json");
  }

  static CertificateRequirements keyless(String email, String issuer) {
    return CertificateRequirements.keyless(root, List.of(new Identity(StringMatch.exact(issuer),
        StringMatch.exact(email))), Map.of());
  }

  @Test
  void verifyCosignCertificate_fulcioRekorValid_verifiesAtSetTime() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid");
    VerifiedSigner s = CosignVerifier.verifyCosignCertificate(l.payload(), null, l.annotations(),
        keyless("mitr@redhat.com", GITHUB_OAUTH));
    assertEquals("keyless", s.method());
    assertEquals("mitr@redhat.com", s.subject());
    assertEquals(GITHUB_OAUTH, s.issuer());
    assertEquals(Instant.ofEpochSecond(1674247893), s.integratedTime());
    assertEquals(11605770L, s.logIndex());
    assertTrue(s.trustAnchor().startsWith("Fulcio CA"), s.trustAnchor());
    // the certificate expired in January 2023: only the SET time makes it valid
    assertTrue(Instant.now().isAfter(Instant.parse("2023-01-20T21:01:31Z")));
  }

  @Test
  void verifyCosignCertificate_wrongEmail_fails() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid");
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        l.payload(), null, l.annotations(), keyless("someone@redhat.com", GITHUB_OAUTH)));
    assertEquals("certificate subject mitr@redhat.com, issuer https://github.com/login/oauth does not match expected "
        + "subject someone@redhat.com, issuer https://github.com/login/oauth", e.getMessage());
  }

  @Test
  void verifyCosignCertificate_wrongIssuer_fails() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid");
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        l.payload(), null, l.annotations(), keyless("mitr@redhat.com", "https://accounts.google.com")));
    assertTrue(e.getMessage().contains("does not match expected"), e.getMessage());
  }

  @Test
  void verifyCosignCertificate_regexpIdentity_verifies() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid");
    var req = CertificateRequirements.keyless(root, List.of(new Identity(StringMatch.regexp("https://github\\.com/.*"),
        StringMatch.regexp(".*@redhat\\.com"))), Map.of());
    assertEquals("mitr@redhat.com", CosignVerifier.verifyCosignCertificate(l.payload(), null, l.annotations(), req)
        .subject());
    var unanchored = CertificateRequirements.keyless(root, List.of(new Identity(StringMatch.exact(GITHUB_OAUTH),
        StringMatch.regexp("mitr@redhat"))), Map.of());
    assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(l.payload(), null,
        l.annotations(), unanchored));
  }

  @Test
  void verifyCosignCertificate_setRemoved_failsWhenLogRequired() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid").with(CosignVerifier.BUNDLE, null);
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        l.payload(), null, l.annotations(), keyless("mitr@redhat.com", GITHUB_OAUTH)));
    assertEquals("no transparency-log entry, and the log is required", e.getMessage());
  }

  @Test
  void verifyCosignCertificate_setRemovedLogOptional_failsWithoutSigningTime() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid").with(CosignVerifier.BUNDLE, null);
    var req = new CertificateRequirements(root, List.of(), List.of(), keyless("mitr@redhat.com", GITHUB_OAUTH)
        .identities(), Map.of(), false, true);
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        l.payload(), null, l.annotations(), req));
    assertTrue(e.getMessage().startsWith("no verified signing time"), e.getMessage());
  }

  @Test
  void verifyCosignCertificate_setAltered_fails() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid");
    String set = l.annotations().get(CosignVerifier.BUNDLE).replace("\"integratedTime\":1674247893",
        "\"integratedTime\":1674247894");
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        l.payload(), null, l.with(CosignVerifier.BUNDLE, set).annotations(), keyless("mitr@redhat.com",
            GITHUB_OAUTH)));
    assertTrue(e.getMessage().startsWith("Rekor SET signature does not verify with log key"), e.getMessage());
  }

  @Test
  void verifyCosignCertificate_missingChain_fails() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid").with(CosignVerifier.CHAIN, null);
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        l.payload(), null, l.annotations(), keyless("mitr@redhat.com", GITHUB_OAUTH)));
    assertTrue(e.getMessage().startsWith("certificate does not chain to a trusted Fulcio CA"), e.getMessage());
  }

  @Test
  void verifyCosignCertificate_otherPayload_fails() throws Exception {
    Layer l = Layer.read("dir-img-cosign-fulcio-rekor-valid");
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        "{}".getBytes(), null, l.annotations(), keyless("mitr@redhat.com", GITHUB_OAUTH)));
    assertTrue(e.getMessage().startsWith("payload signature does not verify"), e.getMessage());
  }

  @Test
  void verifyCosignSet_keyRekorValid_returnsIntegratedTime() throws Exception {
    Layer l = Layer.read("dir-img-cosign-key-rekor-valid");
    var key = PublicKeyVerifier.fromPem(Files.readString(DIR.resolve("cosign2.pub")));
    byte[] sig = Base64.getDecoder().decode(l.annotations().get(CosignVerifier.SIGNATURE));
    key.verify(l.payload(), sig);
    LogProof p = CosignVerifier.verifyCosignSet(l.payload(), sig, l.annotations(), key.publicKey(), root);
    assertEquals(Instant.ofEpochSecond(1674251859), p.integratedTime());
    assertEquals(11608800L, p.logIndex());
    assertTrue(p.setVerified());
  }

  @Test
  void verifyCosignSet_setRemovedOrAltered_fails() throws Exception {
    Layer l = Layer.read("dir-img-cosign-key-rekor-valid");
    var key = PublicKeyVerifier.fromPem(Files.readString(DIR.resolve("cosign2.pub"))).publicKey();
    var removed = l.with(CosignVerifier.BUNDLE, null);
    assertEquals("no transparency-log entry, and the log is required", assertThrows(
        SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignSet(removed.payload(), null,
            removed.annotations(), key, root)).getMessage());
    String set = l.annotations().get(CosignVerifier.BUNDLE).replace("\"logIndex\":11608800", "\"logIndex\":11608801");
    var altered = l.with(CosignVerifier.BUNDLE, set);
    assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignSet(altered.payload(), null,
        altered.annotations(), key, root));
    var otherKey = PublicKeyVerifier.fromPem(Files.readString(DIR.resolve("rekor.pub"))).publicKey();
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignSet(l.payload(),
        null, l.annotations(), otherKey, root));
    assertTrue(e.getMessage().startsWith("log entry signer"), e.getMessage());
  }

  @Test
  void verifyCosignCertificate_privatePki_verifiesLeafIdentity() throws Exception {
    Layer l = Layer.read("dir-img-cosign-pki-valid");
    var roots = CertificateRequirements.loadPem(DIR.resolve("pki_root_crts.pem"));
    var intermediates = CertificateRequirements.loadPem(DIR.resolve("pki_intermediate_crts.pem"));
    var req = new CertificateRequirements(null, roots, intermediates, List.of(new Identity(null,
        StringMatch.exact("qiwan@redhat.com"))), Map.of(), false, false);
    VerifiedSigner s = CosignVerifier.verifyCosignCertificate(l.payload(), null, l.annotations(), req);
    assertEquals("certificate", s.method());
    assertEquals("qiwan@redhat.com", s.subject());
    assertNull(s.integratedTime());
    assertTrue(s.trustAnchor().contains("Linuxera Root"), s.trustAnchor());
    var host = new CertificateRequirements(null, roots, intermediates, List.of(new Identity(null,
        StringMatch.exact("myhost.example.com"))), Map.of(), false, false);
    // private PKI may carry several SANs: the report names the one that matched the policy, not the first
    assertEquals("myhost.example.com", CosignVerifier.verifyCosignCertificate(l.payload(), null, l.annotations(),
        host).subject());
    var wrong = new CertificateRequirements(null, roots, intermediates, List.of(new Identity(null,
        StringMatch.exact("mitr@redhat.com"))), Map.of(), false, false);
    assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(l.payload(), null,
        l.annotations(), wrong));
    var fulcioOnly = keyless("qiwan@redhat.com", GITHUB_OAUTH);
    var e = assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(
        l.payload(), null, l.annotations(), fulcioOnly));
    assertEquals("no transparency-log entry, and the log is required", e.getMessage());
  }

  @Test
  void verifyCosignCertificate_privatePkiLogRequired_fails() throws Exception {
    Layer l = Layer.read("dir-img-cosign-pki-valid");
    var req = new CertificateRequirements(root, CertificateRequirements.loadPem(DIR.resolve("pki_root_crts.pem")),
        CertificateRequirements.loadPem(DIR.resolve("pki_intermediate_crts.pem")), List.of(new Identity(null,
            StringMatch.exact("qiwan@redhat.com"))), Map.of(), true, false);
    assertThrows(SigstoreVerificationException.class, () -> CosignVerifier.verifyCosignCertificate(l.payload(), null,
        l.annotations(), req));
  }
}
