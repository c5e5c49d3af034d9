package dev.verdict.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void render_everyTableRow_hasExactlyFiveCells() {
    for (String line : render(SampleReports.sample()).split("\n")) {
      if (line.startsWith("|")) {
        String unescaped = line.replace("\\|", "");
        assertEquals(6, unescaped.chars().filter(c -> c == '|').count(), line);
      }
    }
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
