package dev.verdict.policy;

import dev.verdict.policy.Finding.Severity;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** The policy file being read: its name for messages, its directory for relative paths, and where findings go. */
final class Source {
  final String file;
  final Path path;
  final LocalDate today;
  private final List<Finding> findings;
  private int errors;

  Source(Path path, LocalDate today, List<Finding> findings) {
    this.file = path.toString();
    this.path = path;
    this.today = today;
    this.findings = findings;
  }

  /** A path written in the policy, relative to the policy file's directory unless absolute. */
  Path resolve(String written) {
    Path dir = path.toAbsolutePath().getParent();
    return dir.resolve(written).normalize();
  }

  void error(Node at, String field, String message) {
    errors++;
    add(Severity.ERROR, at, field, message);
  }

  void warn(Node at, String field, String message) {
    add(Severity.WARNING, at, field, message);
  }

  /** An error at a position that is not a node (a YAML syntax error). */
  void error(Mark mark, String message) {
    errors++;
    findings.add(new Finding(Severity.ERROR, file, mark == null ? 0 : mark.getLine() + 1,
        mark == null ? 0 : mark.getColumn() + 1, null, message));
  }

  int errorCount() {
    return errors;
  }

  Location location(Node at) {
    return new Location(file, line(at), column(at));
  }

  private void add(Severity severity, Node at, String field, String message) {
    findings.add(new Finding(severity, file, line(at), column(at), field, message));
  }

  static int line(Node at) {
    return at == null ? 0 : at.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  static int column(Node at) {
    return at == null ? 0 : at.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
  }
}
