package dev.verdict.report;

import java.io.IOException;
import java.io.Writer;
import java.util.stream.Collectors;

/**
 * GitHub-flavoured Markdown for pull-request comments and job summaries: a summary line, then per image its decision
 * and a table of checks. Everything that came from a registry, a signature or a policy is escaped.
 *
 * @see <a href="https://github.github.com/gfm/">GitHub Flavored Markdown</a>
 */
public final class MarkdownRenderer implements Renderer {
  @Override
  public void render(Report report, Writer out) throws IOException {
    out.write("## verdict\n\n");
    out.write("**" + Findings.summary(report) + "**\n");
    for (ImageResult image : report.results()) {
      out.write("\n### " + icon(image.decision()) + " " + code(image.reference()) + ": " + image.decision().label()
          + "\n\n");
      if (image.digest() != null) {
        out.write("- digest: " + code(image.digest()) + "\n");
      }
      if (image.platform() != null) {
        out.write("- platform: " + code(image.platform())
            + (image.platformDigest() == null ? "" : " " + code(image.platformDigest())) + "\n");
      }
      out.write("- policies: " + (image.matchedPolicies().isEmpty() ? "none matched"
          : image.matchedPolicies().stream().map(MarkdownText::cell).collect(Collectors.joining(", "))) + "\n");
      for (Origin o : Findings.manifestOrigins(image)) {
        out.write("- found in: " + code(o.file() + ":" + o.line()) + " " + code(o.path()) + "\n");
      }
      if (image.checks().isEmpty()) {
        continue;
      }
      out.write("\n| check | status | expected | found | message |\n|---|---|---|---|---|\n");
      for (Check c : image.checks()) {
        out.write("| " + MarkdownText.cell(Findings.title(c)) + " | " + c.status().label() + " | "
            + MarkdownText.cell(c.expected()) + " | " + MarkdownText.cell(c.found()) + " | "
            + MarkdownText.cell(c.message()) + " |\n");
      }
    }
  }

  private static String icon(Decision d) {
    return switch (d) {
      case ALLOW -> "✅";
      case WARN -> "⚠️";
      case DENY -> "❌";
      case ERROR -> "⛔";
    };
  }

  private static String code(String text) {
    return MarkdownText.code(text);
  }
}
