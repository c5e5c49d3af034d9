package dev.verdict.report;

import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Report;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GithubRendererTest {
  static String render(Report report, Map<String, String> env) {
    return SampleReports.render(new GithubRenderer(env::get), report);
  }

  @Test
  void render_sampleReport_matchesGolden() throws Exception {
    String actual = render(SampleReports.sample(), Map.of());
    assertEquals(SampleReports.golden("report.github.txt", actual), actual);
  }

  @Test
  void render_everyCommand_isOneLine() {
    for (String line : render(SampleReports.sample(), Map.of()).split("\n")) {
      assertFalse(line.isEmpty());
      assertFalse(line.startsWith("::") && !line.matches("::(error|warning)( [^:]+)?::.+"), line);
    }
  }

  @Test
  void format_specialCharacters_escapedAsActionsToolkitDoes() {
    assertEquals("::error file=a%2Cb%3Ac.yaml,line=3,title=t%3A 100%25%2C x::m: 100%25, a%0D%0Ab\n",
        WorkflowCommands.format("error", "a,b:c.yaml", 3, "t: 100%, x", "m: 100%, a\r\nb"));
    assertEquals("::warning title=t::m\n", WorkflowCommands.format("warning", null, 0, "t", "m"));
    assertEquals("::error file=p.yaml,title=t::m\n", WorkflowCommands.format("error", "p.yaml", 0, "t", "m"));
  }

  @Test
  void render_stepSummarySet_appendsMarkdownToThatFile(@TempDir Path dir) throws Exception {
    Path summary = dir.resolve("summary.md");
    Files.writeString(summary, "previous step\n");
    render(SampleReports.sample(), Map.of("GITHUB_STEP_SUMMARY", summary.toString()));

    String markdown = SampleReports.render(new MarkdownRenderer(), SampleReports.sample());
    assertEquals("previous step\n" + markdown + "\n", Files.readString(summary));
  }

  @Test
  void render_stepSummaryUnset_writesNoFile(@TempDir Path dir) throws Exception {
    render(SampleReports.sample(), Map.of("HOME", dir.toString()));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void render_denyWithoutFailingChecks_stillAnnotates() {
    ImageResult image = new ImageResult("x:1", null, null, null, List.of(), List.of(), Decision.DENY, List.of(),
        List.of(Origin.COMMAND_LINE));
    assertEquals("::error title=verdict%3A deny x%3A1::x:1: deny\nverdict: 1 image: 1 denied\n",
        render(Report.of("1", List.of(image)), Map.of()));
  }

  @Test
  void render_imageWithSeveralFindings_oneAnnotationPerPlace() {
    String out = render(SampleReports.sample(), Map.of());
    long legacy = out.lines().filter(l -> l.contains("::ghcr.io/acme/legacy:0.9: deny")).count();
    assertEquals(1, legacy, out);
    assertTrue(out.contains("title=verdict%3A deny ghcr.io/acme/legacy%3A0.9 (3 findings)::"), out);
  }

  @Test
  void render_absoluteManifestPathUnderWorkingDirectory_relative() {
    String file = Path.of("deploy/app.yaml").toAbsolutePath().toString();
    ImageResult image = new ImageResult("x:1", null, null, null, List.of(), List.of(), Decision.DENY, List.of(),
        List.of(new Origin(file, 7, 0, "spec.containers[0].image")));
    assertEquals("::error file=deploy/app.yaml,line=7,title=verdict%3A deny x%3A1::x:1: deny\n"
        + "verdict: 1 image: 1 denied\n", render(Report.of("1", List.of(image)), Map.of()));
  }
}
