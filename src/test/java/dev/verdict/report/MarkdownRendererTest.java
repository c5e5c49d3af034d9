package dev.verdict.report;

import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Report;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {
  static String render(Report report) {
    return SampleReports.render(new MarkdownRenderer(), report);
  }

  @Test
  void render_sampleReport_matchesGolden() throws Exception {
    String actual = render(SampleReports.sample());
    assertEquals(SampleReports.golden("report.md", actual), actual);
  }

  @Test
  void render_sampleReport_startsWithSummaryLine() {
    assertTrue(render(SampleReports.sample()).startsWith(
        "## verdict\n\n**5 images: 1 allowed, 1 warned, 2 denied, 1 error**\n"));
  }

  @Test
  void render_everyTableRow_hasAsManyCellsAsItsHeader() {
    long cells = -1;
    for (String line : render(SampleReports.sample()).split("\n")) {
      long n = line.replace("\\|", "").chars().filter(c -> c == '|').count();
      if (!line.startsWith("|")) {
        cells = -1;
      } else if (cells < 0) {
        cells = n;
      } else {
        assertEquals(cells, n, line);
      }
    }
  }

  @Test
  void render_sampleReport_failuresFirstAllowedCollapsedDigestsShort() {
    String md = render(SampleReports.sample());
    int error = md.indexOf(": error\n");
    int deny = md.indexOf(": deny\n");
    int warn = md.indexOf(": warn\n");
    int details = md.indexOf("<details><summary>✅ 1 image allowed</summary>");
    assertTrue(error > 0 && error < deny && deny < warn && warn < details, md);
    assertTrue(md.indexOf("ghcr.io/acme/shop:1.4.0") > details, md);
    assertTrue(md.endsWith("</details>\n"), md);
    assertTrue(md.contains("`sha256:b2b2b2b2b2b2`"), md);
    assertFalse(md.contains("b2b2b2b2b2b2b2"), md);
  }

  @Test
  void cell_untrustedText_cannotBreakTableOrInjectMarkup() {
    assertEquals("a \\| b &lt;img src=x&gt; &amp; 100% \\[x\\](http://y)<br>next \\*\\_",
        MarkdownText.cell("a | b <img src=x> & 100% [x](http://y)\r\nnext *_"));
    assertEquals("", MarkdownText.cell(null));
  }

  @Test
  void code_textWithBackticks_usesLongerFence() {
    assertEquals("`x:1`", MarkdownText.code("x:1"));
    assertEquals("``a`b``", MarkdownText.code("a`b"));
    assertEquals("`` `a ``", MarkdownText.code("`a"));
  }

  @Test
  void render_imageWithoutChecks_hasNoEmptyTable() {
    ImageResult image = new ImageResult("x:1", null, null, null, List.of(), List.of(), Decision.ERROR, List.of(),
        List.of());
    assertEquals("## verdict\n\n**1 image: 1 error**\n\n### ⛔ `x:1`: error\n\n- policies: none matched\n",
        render(Report.of("1", List.of(image))));
  }
}
