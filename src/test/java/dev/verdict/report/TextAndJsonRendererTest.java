package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import dev.verdict.result.Report;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TextAndJsonRendererTest {
  @Test
  void text_sampleReport_matchesGolden() throws Exception {
    String out = SampleReports.render(new TextRenderer(false), SampleReports.sample());
    assertEquals(SampleReports.golden("report.txt", out), out);
  }

  @Test
  void text_verbose_showsEvidenceOfPassingChecks() {
    String out = SampleReports.render(new TextRenderer(true), SampleReports.sample());
    assertTrue(out.contains("signature: sha256:" + "e5".repeat(32)), out);
    String quiet = SampleReports.render(new TextRenderer(false), SampleReports.sample());
    assertTrue(!quiet.contains("signature: sha256:" + "e5".repeat(32)), quiet);
  }

  @Test
  void text_colourAndQuiet_onlyWhenAsked() {
    String plain = SampleReports.render(new TextRenderer(false), SampleReports.sample());
    assertTrue(!plain.contains("\u001b["), plain);
    String colour = SampleReports.render(new TextRenderer(false, true, false), SampleReports.sample());
    assertTrue(colour.startsWith("\u001b[32mALLOW\u001b[0m ghcr.io/acme/shop:1.4.0"), colour);
    assertTrue(colour.contains("\u001b[31mfail \u001b[0m signature.key [release-key]"), colour);
    String quiet = SampleReports.render(new TextRenderer(false, false, true), SampleReports.sample());
    assertTrue(!quiet.contains("ghcr.io/acme/shop:1.4.0"), quiet);
    assertTrue(quiet.startsWith("DENY  ghcr.io/acme/legacy:0.9"), quiet);
    assertTrue(quiet.endsWith("5 images: 1 allowed, 1 allowed with warnings, 2 denied, 1 undecided\n"), quiet);
  }

  @Test
  void json_sampleReport_matchesGoldenAndParses() throws Exception {
    String out = SampleReports.render(new JsonRenderer(), SampleReports.sample());
    assertEquals(SampleReports.golden("report.json", out), out);
    JsonNode root = Json.mapper().readTree(out);
    assertEquals("verdict.dev/report/v1", root.get("apiVersion").stringValue());
    assertEquals(5, root.get("images").size());
    assertEquals("deny", root.get("images").get(1).get("decision").stringValue());
    assertEquals(40, root.get("images").get(0).get("origins").get(0).get("line").intValue());
    assertEquals(1, root.get("summary").get("error").intValue());
    assertEquals(2, root.get("summary").get("deny").intValue());
  }

  @Test
  void exitCode_errorBeatsDeny_denyBeatsWarn() {
    List<ImageResult> all = SampleReports.sample().results();
    ImageResult allow = all.get(0);
    ImageResult deny = all.get(1);
    ImageResult error = all.get(2);
    ImageResult warn = all.get(3);
    assertEquals(4, ExitCode.of(Report.of("x", List.of(allow, deny, error)), false));
    assertEquals(1, ExitCode.of(Report.of("x", List.of(allow, deny, warn)), false));
    assertEquals(0, ExitCode.of(Report.of("x", List.of(allow)), true));
    assertEquals(0, ExitCode.of(Report.of("x", List.of(allow, warn)), false));
    assertEquals(1, ExitCode.of(Report.of("x", List.of(allow, warn)), true));
  }

  @Test
  void exitCode_reportOnly_denyPassesButUndecidedStillFails() {
    List<ImageResult> all = SampleReports.sample().results();
    ImageResult allow = all.get(0);
    ImageResult deny = all.get(1);
    ImageResult error = all.get(2);
    assertEquals(0, ExitCode.of(Report.of("x", List.of(allow, deny)), false, false));
    assertEquals(1, ExitCode.of(Report.of("x", List.of(allow, deny)), false, true));
    assertEquals(4, ExitCode.of(Report.of("x", List.of(allow, deny, error)), false, false));
  }

  @Test
  void exitCode_exceptions_mapToDocumentedCodes() {
    assertEquals(2, ExitCode.of(new dev.verdict.UsageException("x")));
    assertEquals(3, ExitCode.of(new dev.verdict.ConfigException(java.nio.file.Path.of("p.yaml"), "bad")));
    assertEquals(4, ExitCode.of(new dev.verdict.UndecidableException("r", "down")));
    assertEquals(4, ExitCode.of(new IllegalStateException("bug")));
  }

  @Test
  void text_otherPredicateTypeSkips_hiddenUnlessVerbose() {
    Check other = Check.of("attestation.predicate-type", "provenance", Status.SKIP,
        "signed predicate type differs from the rule's", "https://slsa.dev/provenance/v1", "https://spdx.dev/Document");
    Check badEnvelope = Check.of("attestation.envelope", "provenance", Status.SKIP, "not a DSSE envelope", null, null);
    ImageResult image = new ImageResult("x:1", "sha256:ab", null, null, List.of("p"), List.of(""), Decision.ALLOW,
        List.of(other, badEnvelope), List.of(Origin.COMMAND_LINE));
    Report report = Report.of("1", List.of(image));
    String quiet = SampleReports.render(new TextRenderer(false), report);
    assertTrue(!quiet.contains("attestation.predicate-type"), quiet);
    assertTrue(quiet.contains("attestation.envelope [provenance]: not a DSSE envelope"), quiet);
    assertTrue(quiet.contains("  1 attestation of other predicate types skipped (-v shows them)\n"), quiet);
    String verbose = SampleReports.render(new TextRenderer(true), report);
    assertTrue(verbose.contains("skip  attestation.predicate-type [provenance]"), verbose);
    assertTrue(!verbose.contains("other predicate types skipped"), verbose);
  }

  @Test
  void summary_sbomReport_saysSbom() {
    ImageResult file = new ImageResult("bom.json", "sha256:ab", null, null, List.of(), List.of(), Decision.DENY,
        List.of(), List.of(Origin.COMMAND_LINE));
    assertEquals("1 SBOM: 0 allowed, 0 allowed with warnings, 1 denied, 0 undecided",
        TextRenderer.summary(Report.ofSboms("1", List.of(file))));
    assertEquals("2 SBOMs: 1 denied, 1 error", Findings.summary(Report.ofSboms("1", List.of(file,
        errorOf(file)))));
  }

  private static ImageResult errorOf(ImageResult r) {
    return new ImageResult(r.reference(), null, null, null, List.of(), List.of(), Decision.ERROR, List.of(),
        List.of());
  }

  @Test
  void text_otherPredicateTypeSkipUnderFailedRule_shown() {
    Check other = Check.of("attestation.predicate-type", "provenance", Status.SKIP,
        "signed predicate type differs from the rule's", "https://slsa.dev/provenance/v1", "https://spdx.dev/Document");
    Check failed = Check.of("attestation", "provenance", Status.FAIL, "none of 1 attestation(s) verified", null, null);
    ImageResult image = new ImageResult("x:1", "sha256:ab", null, null, List.of("p"), List.of(""), Decision.DENY,
        List.of(failed, other), List.of(Origin.COMMAND_LINE));
    String text = SampleReports.render(new TextRenderer(false), Report.of("1", List.of(image)));
    assertTrue(text.contains("skip  attestation.predicate-type [provenance]"), text);
  }
}
