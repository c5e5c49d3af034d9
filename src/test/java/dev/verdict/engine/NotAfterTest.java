package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.verdict.oci.Reference;
import dev.verdict.policy.AttestationRule;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.Location;
import dev.verdict.policy.Mode;
import dev.verdict.policy.PolicyExemption;
import dev.verdict.policy.PolicySet;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.VulnerabilityRule;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.MemoryImageSource;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import dev.verdict.testing.sigstore.TestSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ImageResult#notAfter()}: when an allow stops being true without any new evidence. */
class NotAfterTest {
  static final String REPO = EngineTest.REPO;
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);

  @org.junit.jupiter.api.io.TempDir
  static java.nio.file.Path tmp;

  @org.junit.jupiter.api.BeforeAll
  static void trustedRoot() throws Exception {
    EvidenceMutationTest.root = EvidenceMutationTest.SIGSTORE.writeTrustedRoot(tmp.resolve("trusted_root.json"));
  }

  static ImageResult verify(dev.verdict.oci.ImageSource source, Clock clock, ImagePolicy... policies)
      throws Exception {
    PolicySet set = new PolicySet(List.of(policies));
    Engine e = new Engine(source, set, TrustMaterial.load(set, null), new EngineOptions(null, clock));
    return e.verify(new ImageTarget(REPO + ":1.0", Reference.parse(REPO + ":1.0"), List.of()));
  }

  static PolicyExemption exception(String expires) {
    return new PolicyExemption(List.of(REPO + "**"), "OPS-12", LocalDate.parse(expires), Location.NONE);
  }

  @Test
  void notAfter_exceptionThatExcusesAFailure_endOfItsLastDay() throws Exception {
    MemoryImageSource source = new MemoryImageSource();
    source.put(REPO, "1.0", TestImages.randomImage(false)); // unsigned: the exception is what allows it
    ImageResult r = verify(source, NOW, EngineTest.policy(Mode.ENFORCE, 1,
        List.of(EngineTest.key("r", EngineTest.KEY)), List.of(exception("2026-12-31"))));
    assertEquals(Decision.WARN, r.decision());
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), r.notAfter());
  }

  @Test
  void notAfter_exceptionNotNeeded_unbounded() throws Exception {
    MemoryImageSource source = new MemoryImageSource();
    var image = source.put(REPO, "1.0", TestImages.randomImage(false));
    source.put(REPO, image.tagPrefix() + ".sig", ClassicSigner.manifest(List.of(
        Layer.signed(EngineTest.KEY, ClassicSigner.payload(REPO, image)))));
    ImageResult r = verify(source, NOW, EngineTest.policy(Mode.ENFORCE, 1,
        List.of(EngineTest.key("r", EngineTest.KEY)), List.of(exception("2026-12-31"))));
    assertEquals(Decision.ALLOW, r.decision());
    assertNull(r.notAfter(), "a key signature and an unused exception bound nothing");
  }

  @Test
  void notAfter_denyAndUndecided_null() throws Exception {
    MemoryImageSource source = new MemoryImageSource();
    source.put(REPO, "1.0", TestImages.randomImage(false));
    ImageResult r = verify(source, NOW, EngineTest.policy(Mode.ENFORCE, 1,
        List.of(EngineTest.key("r", EngineTest.KEY)), List.of(exception("2026-01-31"))));
    assertEquals(Decision.DENY, r.decision());
    assertNull(r.notAfter());
  }

  static byte[] sbomStatement(dev.verdict.oci.Digest about, String created) {
    return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + REPO
        + "\",\"digest\":{\"sha256\":\"" + about.hex() + "\"}}],\"predicateType\":\"https://cyclonedx.org/bom\","
        + "\"predicate\":{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"timestamp\":\""
        + created + "\"},\"components\":[]}}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void notAfter_sbomMaxAge_creationPlusMaxAge_andEarliestOfTwoBounds() throws Exception {
    TestImages.Image image = TestImages.randomImage(false);
    byte[] signature = EvidenceMutationTest.CI.dsseBundle(EvidenceMutationTest.statement(image.digest(),
        EvidenceMutationTest.COSIGN_SIGN), TestSigner.Options.defaults());
    byte[] sbom = EvidenceMutationTest.CI.dsseBundle(sbomStatement(image.digest(), "2026-11-20T10:00:00Z"),
        TestSigner.Options.defaults());
    var img = EvidenceMutationTest.withBundles(image, signature, sbom);
    AttestationRule rule = new AttestationRule("sbom", "https://cyclonedx.org/bom", List.of("ci"), List.of(), null,
        new SbomRule(List.of(), List.of(), List.of(), List.of(), Duration.ofDays(30)), null, Location.NONE);
    ImagePolicy p = EvidenceMutationTest.policy(EvidenceMutationTest.keyless(), List.of(rule));
    Clock now = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
    ImageResult r = verify(img.source(), now, p);
    assertEquals(Decision.ALLOW, r.decision(), r.checks().toString());
    assertEquals(Instant.parse("2026-12-20T10:00:00Z"), r.notAfter());

    // with a second, unsigned-image policy excused until an earlier day, the earliest bound wins
    ImagePolicy excused = new ImagePolicy("q", new Location("q.yaml", 1, 1), List.of("registry.example/acme/**"),
        Mode.ENFORCE, List.of(EngineTest.key("r", EngineTest.KEY)), new dev.verdict.policy.SignatureRule(1,
        List.of("r"), Location.NONE), dev.verdict.policy.SignedIdentity.REPOSITORY, List.of(),
        List.of(exception("2026-12-01")));
    ImageResult both = verify(img.source(), now, p, excused);
    assertEquals(Decision.WARN, both.decision());
    assertEquals(Instant.parse("2026-12-02T00:00:00Z"), both.notAfter());
  }

  @Test
  void notAfter_vulnerabilityMaxAge_scanTimePlusMaxAge() throws Exception {
    TestImages.Image image = TestImages.randomImage(false);
    byte[] signature = EvidenceMutationTest.CI.dsseBundle(EvidenceMutationTest.statement(image.digest(),
        EvidenceMutationTest.COSIGN_SIGN), TestSigner.Options.defaults());
    byte[] vuln = ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + REPO
        + "\",\"digest\":{\"sha256\":\"" + image.digest().hex() + "\"}}],\"predicateType\":"
        + "\"https://cosign.sigstore.dev/attestation/vuln/v1\",\"predicate\":{\"scanner\":{\"uri\":\"x\","
        + "\"version\":\"1\",\"result\":{\"Results\":[]}},\"metadata\":{\"scanStartedOn\":\"2026-11-23T00:00:00Z\","
        + "\"scanFinishedOn\":\"2026-11-23T01:00:00Z\"}}}").getBytes(StandardCharsets.UTF_8);
    var img = EvidenceMutationTest.withBundles(image, signature, EvidenceMutationTest.CI.dsseBundle(vuln,
        TestSigner.Options.defaults()));
    AttestationRule rule = new AttestationRule("vulns", "https://cosign.sigstore.dev/attestation/vuln/v1",
        List.of("ci"), List.of(), null, null, new VulnerabilityRule("high", List.of(), Duration.ofDays(7),
        List.of()), Location.NONE);
    ImageResult r = verify(img.source(), NOW, EvidenceMutationTest.policy(EvidenceMutationTest.keyless(),
        List.of(rule)));
    assertEquals(Decision.ALLOW, r.decision(), r.checks().toString());
    // whichever of the report's times it is measured from, the bound is that time plus seven days
    Instant scanned = Instant.parse(r.checks().stream().filter(c -> c.id().equals("vulnerabilities")).findFirst()
        .orElseThrow().evidence().get("notAfter")).minus(Duration.ofDays(7));
    assertEquals(scanned.plus(Duration.ofDays(7)), r.notAfter());
    assertEquals(true, scanned.equals(Instant.parse("2026-11-23T00:00:00Z"))
        || scanned.equals(Instant.parse("2026-11-23T01:00:00Z")), scanned.toString());
  }
}
