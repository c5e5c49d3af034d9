package dev.verdict.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TextAndJsonRendererTest {
  @Test
  void text_mixedReport_matchesGolden() throws Exception {
    GoldenFiles.assertMatches("report.txt", GoldenFiles.render(new TextRenderer(false), SampleReports.mixed()));
  }

  @Test
  void text_verbose_showsEvidenceOfPassingChecks() throws Exception {
    String out = GoldenFiles.render(new TextRenderer(true), SampleReports.mixed());
    assertTrue(out.contains("docker-reference: ghcr.io/acme/app"), out);
  }

  @Test
  void json_mixedReport_matchesGoldenAndParses() throws Exception {
    String out = GoldenFiles.render(new JsonRenderer(), SampleReports.mixed());
    GoldenFiles.assertMatches("report.json", out);
    JsonNode root = Json.mapper().readTree(out);
    assertEquals("verdict.dev/report/v1", root.get("apiVersion").stringValue());
    assertEquals(3, root.get("images").size());
    assertEquals("deny", root.get("images").get(1).get("decision").stringValue());
    assertEquals(17, root.get("images").get(1).get("origins").get(0).get("line").intValue());
    assertEquals(1, root.get("summary").get("error").intValue());
  }

  @Test
  void exitCode_errorBeatsDeny_denyBeatsWarn() {
    Report r = SampleReports.mixed();
    assertEquals(4, ExitCode.of(r, false));
    Report denyOnly = Report.of("x", r.results().subList(0, 2));
    assertEquals(1, ExitCode.of(denyOnly, false));
    Report allowOnly = Report.of("x", r.results().subList(0, 1));
    assertEquals(0, ExitCode.of(allowOnly, true));
    ImageResult a = r.results().get(0);
    ImageResult warn = new ImageResult(a.reference(), a.digest(), null, null, a.matchedPolicies(), a.policyFiles(),
        Decision.WARN, a.checks(), a.origins());
    assertEquals(0, ExitCode.of(Report.of("x", java.util.List.of(warn)), false));
    assertEquals(1, ExitCode.of(Report.of("x", java.util.List.of(warn)), true));
  }

  @Test
  void exitCode_exceptions_mapToDocumentedCodes() {
    assertEquals(2, ExitCode.of(new dev.verdict.UsageException("x")));
    assertEquals(3, ExitCode.of(new dev.verdict.ConfigException(java.nio.file.Path.of("p.yaml"), "bad")));
    assertEquals(4, ExitCode.of(new dev.verdict.UndecidableException("r", "down")));
    assertEquals(4, ExitCode.of(new IllegalStateException("bug")));
  }
}
