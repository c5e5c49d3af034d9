package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import dev.verdict.result.Report;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import dev.verdict.testing.Schemas;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SarifRendererTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  static JsonNode sarif(Report report) {
    return JSON.readTree(SampleReports.render(new SarifRenderer(), report));
  }

  static List<Error> validate(String sarif) throws Exception {
    return Schemas.sarifErrors(sarif);
  }

  @Test
  void render_sampleReport_matchesGolden() throws Exception {
    String actual = SampleReports.render(new SarifRenderer(), SampleReports.sample());
    assertEquals(SampleReports.golden("report.sarif", actual), actual);
  }

  @Test
  void render_sampleReport_validatesAgainstSarifSchema() throws Exception {
    assertEquals(List.of(), validate(SampleReports.render(new SarifRenderer(), SampleReports.sample())));
  }

  @Test
  void validate_resultWithoutMessage_isRejectedBySchema() throws Exception {
    String broken = SampleReports.render(new SarifRenderer(), SampleReports.sample())
        .replaceFirst("\"message\" : \\{", "\"messageX\" : {");
    assertFalse(validate(broken).isEmpty(), "the schema check must be able to fail");
  }

  @Test
  void render_sampleReport_oneRulePerCheckIdAndResultsOnlyForFindings() {
    JsonNode run = sarif(SampleReports.sample()).at("/runs/0");
    List<String> rules = new ArrayList<>();
    run.at("/tool/driver/rules").forEach(r -> rules.add(r.get("id").stringValue()));
    assertEquals(List.of("attestation.predicate", "policy.match", "resolve.digest", "sbom.license",
        "signature.key", "signature.keyless", "vulnerability.max"), rules);
    assertEquals("verdict", run.at("/tool/driver/name").stringValue());
    assertEquals("1.2.3", run.at("/tool/driver/version").stringValue());

    List<String> results = new ArrayList<>();
    for (JsonNode r : run.get("results")) {
      assertEquals(r.get("ruleId").stringValue(), rules.get(r.get("ruleIndex").intValue()));
      results.add(r.get("ruleId").stringValue() + " " + r.get("level").stringValue() + " "
          + r.at("/locations/0/physicalLocation/artifactLocation/uri").asString("-") + ":"
          + r.at("/locations/0/physicalLocation/region/startLine").asInt(0));
    }
    assertEquals(List.of(
        "signature.key error policies/production.yaml:1",
        "attestation.predicate error policies/production.yaml:1",
        "sbom.license warning policies/production.yaml:1",
        "resolve.digest error deploy/rendered.yaml:69",
        "signature.keyless warning policies/production.yaml:1",
        "policy.match error -:0"), results);
  }

  @Test
  void render_imageInTwoManifests_oneResultPerPlaceWithDistinctFingerprints() {
    Report report = SampleReports.sample();
    ImageResult shop = report.results().get(0);
    ImageResult failing = new ImageResult(shop.reference(), shop.digest(), null, null, shop.matchedPolicies(),
        shop.policyFiles(), Decision.DENY, List.of(Check.of("signature.key", "release-key", Status.FAIL, "none",
            null, null)), shop.origins());
    JsonNode results = sarif(Report.of("1", List.of(failing))).at("/runs/0/results");

    assertEquals(2, results.size());
    assertEquals("deploy/rendered.yaml", results.at("/0/locations/0/physicalLocation/artifactLocation/uri")
        .stringValue());
    assertEquals(40, results.at("/0/locations/0/physicalLocation/region/startLine").intValue());
    assertEquals("deploy/pod.yaml", results.at("/1/locations/0/physicalLocation/artifactLocation/uri").stringValue());
    assertNotEquals(results.at("/0/partialFingerprints"), results.at("/1/partialFingerprints"));
  }

  @Test
  void fingerprint_lineOrDigestChanges_staysTheSame() {
    Check check = Check.of("signature.key", "k", Status.FAIL, "m", null, null);
    ImageResult a = new ImageResult("x:1", "sha256:" + "0".repeat(64), null, null, List.of(), List.of(),
        Decision.DENY, List.of(check), List.of());
    ImageResult b = new ImageResult("x:1", "sha256:" + "1".repeat(64), null, null, List.of(), List.of(),
        Decision.DENY, List.of(check), List.of());
    String fa = SarifRenderer.fingerprint(a, check, new Origin("f.yaml", 3, 0, "spec.containers[0].image"));
    String fb = SarifRenderer.fingerprint(b, check, new Origin("f.yaml", 9, 0, "spec.containers[0].image"));
    String other = SarifRenderer.fingerprint(b, check, new Origin("f.yaml", 9, 0, "spec.containers[1].image"));

    assertEquals(fa, fb);
    assertNotEquals(fa, other);
  }

  @Test
  void render_allFingerprints_areUniqueAndStableAcrossRuns() {
    Set<String> seen = new HashSet<>();
    JsonNode first = sarif(SampleReports.sample()).at("/runs/0/results");
    JsonNode second = sarif(SampleReports.sample()).at("/runs/0/results");
    for (int i = 0; i < first.size(); i++) {
      String f = first.get(i).get("partialFingerprints").get(SarifRenderer.FINGERPRINT).stringValue();
      assertTrue(seen.add(f), "duplicate fingerprint " + f);
      assertEquals(f, second.get(i).get("partialFingerprints").get(SarifRenderer.FINGERPRINT).stringValue());
    }
  }

  @Test
  void render_specialCharacters_arePreservedAsJsonText() {
    JsonNode result = sarif(SampleReports.sample()).at("/runs/0/results/2");
    assertEquals("ghcr.io/acme/legacy:0.9: denied license <AGPL-3.0-only> & GPL | 100% bad,\nsecond line: see"
        + " [docs](http://x) (expected: no AGPL; found: a|b <c> & 5%)", result.at("/message/text").stringValue());
  }

  @Test
  void uri_pathsWithSpacesAndAbsolutePaths_areEncoded() {
    assertEquals("deploy/my%20app.yaml", SarifRenderer.uri("deploy/my app.yaml"));
    assertEquals("file:///abs/k8s/a.yaml", SarifRenderer.uri("/abs/k8s/a.yaml"));
    assertEquals("dir/a.yaml", SarifRenderer.uri("dir\\a.yaml"));
  }

  @Test
  void name_checkId_becomesIdentifier() {
    assertEquals("SignatureKey", SarifRules.name("signature.key"));
    assertEquals("AttestationSlsaBuilderId", SarifRules.name("attestation.slsa-builderId"));
  }
}
