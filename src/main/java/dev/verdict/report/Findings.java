package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import dev.verdict.result.Report;


import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the CI-facing renderers (sarif, junit, markdown, github) share: which checks are findings, and where. */
final class Findings {
  private Findings() {}

  /** A check that a reader must act on: failed, warned or could not be decided. */
  static boolean isFinding(Status status) {
    return status == Status.FAIL || status == Status.WARN || status == Status.ERROR;
  }

  /** Places in Kubernetes manifests (file and line) where the image was referenced; empty for command-line images. */
  static List<Origin> manifestOrigins(ImageResult result) {
    return result.origins().stream().filter(o -> !o.isCommandLine()).toList();
  }

  /** The file of the first matched policy, or null: where a finding is shown when the image has no manifest. */
  static String firstPolicyFile(ImageResult result) {
    return result.policyFiles().isEmpty() || result.policyFiles().get(0).isEmpty() ? null
        : relative(result.policyFiles().get(0));
  }

  /**
   * A file under the working directory as a path relative to it (GitHub resolves annotation and SARIF paths against
   * the repository root, where CI runs); any other path unchanged.
   */
  static String relative(String file) {
    if (file == null || file.isEmpty()) {
      return file;
    }
    try {
      java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath().normalize();
      java.nio.file.Path p = java.nio.file.Path.of(file);
      if (!p.isAbsolute()) {
        return file;
      }
      p = p.normalize();
      return p.startsWith(cwd) && !p.equals(cwd) ? cwd.relativize(p).toString() : file;
    } catch (java.nio.file.InvalidPathException e) {
      return file;
    }
  }

  /** {@code message (expected: X; found: Y)}, leaving out parts that are absent. */
  static String explain(Check check) {
    StringBuilder sb = new StringBuilder(check.message() == null ? check.id() : check.message());
    String details = details(check, "; ");
    if (!details.isEmpty()) {
      sb.append(" (").append(details).append(')');
    }
    return sb.toString();
  }

  /** {@code expected: X<sep>found: Y}, leaving out parts that are absent. */
  static String details(Check check, String separator) {
    StringBuilder sb = new StringBuilder();
    if (check.expected() != null) {
      sb.append("expected: ").append(check.expected());
    }
    if (check.found() != null) {
      sb.append(sb.length() > 0 ? separator : "").append("found: ").append(check.found());
    }
    return sb.toString();
  }

  /** The check's id with its subject, e.g. {@code signature.key (release-key)}. */
  static String title(Check check) {
    return check.subject() == null || check.subject().isEmpty() ? check.id()
        : check.id() + " (" + check.subject() + ")";
  }

  /** {@code 4 images: 1 allowed, 1 warned, 1 denied, 1 error}; decisions with no image are left out. */
  static String summary(Report report) {
    Map<Decision, Integer> counts = new EnumMap<>(Decision.class);
    report.results().forEach(r -> counts.merge(r.decision(), 1, Integer::sum));
    int total = report.results().size();
    StringBuilder sb = new StringBuilder().append(report.count(total));
    String sep = ": ";
    for (Decision d : Decision.values()) {
      Integer n = counts.get(d);
      if (n != null) {
        sb.append(sep).append(n).append(' ').append(switch (d) {
          case ALLOW -> "allowed";
          case WARN -> "warned";
          case DENY -> "denied";
          case ERROR -> n == 1 ? "error" : "errors";
        });
        sep = ", ";
      }
    }
    return sb.toString();
  }
}
