package dev.verdict.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** The human report: one block per image, every check with what was expected and found, then a summary line. */
public final class TextRenderer implements Renderer {
  private final boolean verbose;

  /** @param verbose also show expected/found/evidence for passing checks */
  public TextRenderer(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public void render(Report report, Writer out) throws IOException {
    for (ImageResult r : report.results()) {
      image(r, out);
      out.write('\n');
    }
    out.write(summary(report));
    out.write('\n');
    out.flush();
  }

  private void image(ImageResult r, Writer out) throws IOException {
    out.write(String.format("%-5s %s%n", r.decision().label().toUpperCase(java.util.Locale.ROOT), r.reference()));
    if (r.digest() != null) {
      out.write("      digest: " + r.digest() + "\n");
    }
    if (r.platformDigest() != null) {
      out.write("      platform " + r.platform() + ": " + r.platformDigest() + "\n");
    }
    for (Origin o : r.origins()) {
      if (!o.isCommandLine()) {
        out.write("      from: " + o.file() + (o.line() > 0 ? ":" + o.line() : "")
            + (o.path() == null ? "" : " (" + o.path() + ")") + "\n");
      }
    }
    for (int i = 0; i < r.matchedPolicies().size(); i++) {
      String file = r.policyFiles().get(i);
      out.write("      policy: " + r.matchedPolicies().get(i) + (file.isEmpty() ? "" : " (" + file + ")") + "\n");
    }
    for (Check c : r.checks()) {
      String subject = c.subject() == null ? "" : " [" + c.subject() + "]";
      out.write(String.format("  %-5s %s%s: %s%n", c.status().label(), c.id(), subject, indent(c.message())));
      if (verbose || c.status() != Status.PASS) {
        if (c.expected() != null) {
          out.write("        expected: " + indent(c.expected()) + "\n");
        }
        if (c.found() != null) {
          out.write("        found:    " + indent(c.found()) + "\n");
        }
      }
      if (verbose) {
        for (Map.Entry<String, String> e : c.evidence().entrySet()) {
          out.write("        " + e.getKey() + ": " + e.getValue() + "\n");
        }
      } else if (c.status() == Status.FAIL || c.status() == Status.ERROR) {
        for (Map.Entry<String, String> e : c.evidence().entrySet()) {
          if (e.getKey().startsWith("rejected.")) {
            out.write("        rejected: " + e.getValue() + "\n");
          }
        }
      }
    }
  }

  /** Keeps multi-line values inside their check's block. */
  private static String indent(String text) {
    return text == null ? "" : text.replace("\r", "").replace("\n", "\n        ");
  }

  static String summary(Report report) {
    int allow = 0;
    int warn = 0;
    int deny = 0;
    int error = 0;
    for (ImageResult r : report.results()) {
      switch (r.decision()) {
        case ALLOW -> allow++;
        case WARN -> warn++;
        case DENY -> deny++;
        case ERROR -> error++;
      }
    }
    int n = report.results().size();
    return n + (n == 1 ? " image: " : " images: ") + allow + " allowed, " + warn + " allowed with warnings, " + deny
        + " denied, " + error + " undecided";
  }
}
