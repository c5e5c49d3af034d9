package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import dev.verdict.result.Report;


import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** The human report: one block per image, every check with what was expected and found, then a summary line. */
public final class TextRenderer implements Renderer {
  private final boolean verbose;
  private final boolean colour;
  private final boolean quiet;

  /** @param verbose also show expected/found/evidence for passing checks */
  public TextRenderer(boolean verbose) {
    this(verbose, false, false);
  }

  /**
   * @param colour ANSI colours on decisions and statuses (the CLI enables it only on a terminal, never with NO_COLOR)
   * @param quiet only images that were not allowed, and the summary
   */
  public TextRenderer(boolean verbose, boolean colour, boolean quiet) {
    this.verbose = verbose;
    this.colour = colour;
    this.quiet = quiet;
  }

  @Override
  public void render(Report report, Writer out) throws IOException {
    for (ImageResult r : report.results()) {
      if (quiet && r.decision() == Decision.ALLOW) {
        continue;
      }
      image(r, out);
      out.write('\n');
    }
    out.write(summary(report));
    out.write('\n');
    out.flush();
  }

  private void image(ImageResult r, Writer out) throws IOException {
    String decision = String.format("%-5s", r.decision().label().toUpperCase(java.util.Locale.ROOT));
    out.write(paint(decision, r.decision() == Decision.ALLOW ? GREEN : r.decision() == Decision.WARN ? YELLOW : RED)
        + " " + r.reference() + "\n");
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
    int hidden = 0;
    java.util.Set<String> failedRules = new java.util.HashSet<>();
    for (Check c : r.checks()) {
      if (c.status() == Status.FAIL || c.status() == Status.ERROR) {
        failedRules.add(String.valueOf(c.subject()));
      }
    }
    for (Check c : r.checks()) {
      if (!verbose && isOtherType(c) && !failedRules.contains(String.valueOf(c.subject()))) {
        hidden++;
        continue;
      }
      String subject = c.subject() == null ? "" : " [" + c.subject() + "]";
      String status = String.format("%-5s", c.status().label());
      out.write("  " + paint(status, switch (c.status()) {
        case PASS -> GREEN;
        case WARN -> YELLOW;
        case FAIL, ERROR -> RED;
        case SKIP -> "";
      }) + " " + c.id() + subject + ": " + indent(c.message()) + "\n");
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
    if (hidden > 0) {
      out.write("  " + hidden + (hidden == 1 ? " attestation" : " attestations")
          + " of other predicate types skipped (-v shows them)\n");
    }
  }

  /**
   * A skipped attestation whose predicate type is not the rule's: expected on every image that carries several kinds
   * of attestation, so it is noise unless {@code -v} — except under a rule that failed, where it is the explanation.
   * Skips for any other reason (bad envelope, wrong signer) stay.
   */
  private static boolean isOtherType(Check c) {
    return c.status() == Status.SKIP && c.id().equals("attestation.predicate-type");
  }

  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";

  private String paint(String text, String code) {
    return colour && !code.isEmpty() ? code + text + "\u001b[0m" : text;
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
    return report.count(n) + ": " + allow + " allowed, " + warn + " allowed with warnings, " + deny
        + " denied, " + error + " undecided";
  }
}
