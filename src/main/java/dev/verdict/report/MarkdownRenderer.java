package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Report;


import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * GitHub-flavoured Markdown for pull-request comments and job summaries, short enough to read: the summary line, then
 * the images that need attention (undecided and denied first, then warned) with only their findings, then the allowed
 * images in a collapsed {@code <details>} table. Digests are shortened. Everything that came from a registry, a
 * signature or a policy is escaped.
 *
 * @see <a href="https://github.github.com/gfm/">GitHub Flavored Markdown</a>
 */
public final class MarkdownRenderer implements Renderer {
  /** Hex digits of a digest shown; enough to tell images apart in a summary, the JSON report has them in full. */
  static final int SHORT_DIGEST = 12;

  @Override
  public void render(Report report, Writer out) throws IOException {
    out.write("## verdict\n\n");
    out.write("**" + Findings.summary(report) + "**\n");
    List<ImageResult> attention = report.results().stream().filter(r -> r.decision() != Decision.ALLOW)
        .sorted(Comparator.comparingInt(r -> rank(r.decision()))).toList();
    for (ImageResult image : attention) {
      image(image, out);
    }
    List<ImageResult> allowed = report.results().stream().filter(r -> r.decision() == Decision.ALLOW).toList();
    if (!allowed.isEmpty()) {
      out.write("\n<details><summary>" + icon(Decision.ALLOW) + " " + report.count(allowed.size()) + " allowed"
          + "</summary>\n\n");
      out.write("| " + report.noun() + " | digest | policies |\n|---|---|---|\n");
      for (ImageResult r : allowed) {
        out.write("| " + MarkdownText.cell(r.reference()) + " | " + MarkdownText.cell(shortDigest(r.digest()))
            + " | " + MarkdownText.cell(String.join(", ", r.matchedPolicies())) + " |\n");
      }
      out.write("\n</details>\n");
    }
  }

  private static void image(ImageResult image, Writer out) throws IOException {
    out.write("\n### " + icon(image.decision()) + " " + code(image.reference()) + ": " + image.decision().label()
        + "\n\n");
    if (image.digest() != null) {
      out.write("- digest: " + code(shortDigest(image.digest())) + "\n");
    }
    if (image.platform() != null) {
      out.write("- platform: " + code(image.platform())
          + (image.platformDigest() == null ? "" : " " + code(shortDigest(image.platformDigest()))) + "\n");
    }
    out.write("- policies: " + (image.matchedPolicies().isEmpty() ? "none matched"
        : image.matchedPolicies().stream().map(MarkdownText::cell).collect(Collectors.joining(", "))) + "\n");
    for (Origin o : Findings.manifestOrigins(image)) {
      out.write("- found in: " + code(Findings.relative(o.file()) + ":" + o.line()) + " " + code(o.path()) + "\n");
    }
    List<Check> findings = image.checks().stream().filter(c -> Findings.isFinding(c.status())).toList();
    if (findings.isEmpty()) {
      return;
    }
    out.write("\n| check | status | expected | found | message |\n|---|---|---|---|---|\n");
    for (Check c : findings) {
      out.write("| " + MarkdownText.cell(Findings.title(c)) + " | " + c.status().label() + " | "
          + MarkdownText.cell(c.expected()) + " | " + MarkdownText.cell(c.found()) + " | "
          + MarkdownText.cell(c.message()) + " |\n");
    }
    int other = image.checks().size() - findings.size();
    if (other > 0) {
      out.write("\n" + other + (other == 1 ? " other check" : " other checks") + " passed or skipped (the text and "
          + "JSON reports list every check).\n");
    }
  }

  /** {@code sha256:0123456789ab}: the algorithm and the first hex digits. */
  static String shortDigest(String digest) {
    if (digest == null) {
      return "";
    }
    int colon = digest.indexOf(':');
    return colon < 0 || digest.length() <= colon + 1 + SHORT_DIGEST ? digest
        : digest.substring(0, colon + 1 + SHORT_DIGEST);
  }

  private static int rank(Decision d) {
    return switch (d) {
      case ERROR -> 0;
      case DENY -> 1;
      case WARN -> 2;
      case ALLOW -> 3;
    };
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
