package dev.verdict;

import java.nio.file.Path;

/**
 * An invalid policy, key, trust root or other configuration file (exit 3). Carries where the problem is, so the
 * message reads {@code policy.yaml:14:5: spec.authorities[1].keyless: identities is required}.
 */
public final class ConfigException extends VerdictException {
  private final String file;
  private final int line;
  private final int column;
  private final String field;
  private final String problem;

  public ConfigException(String file, int line, int column, String field, String problem, Throwable cause) {
    super(format(file, line, column, field, problem), cause);
    this.file = file;
    this.line = line;
    this.column = column;
    this.field = field;
    this.problem = problem;
  }

  public ConfigException(String file, int line, int column, String field, String problem) {
    this(file, line, column, field, problem, null);
  }

  /** A problem with a whole file (unreadable, wrong format), without a position inside it. */
  public ConfigException(Path file, String problem, Throwable cause) {
    this(file == null ? null : file.toString(), 0, 0, null, problem, cause);
  }

  public ConfigException(Path file, String problem) {
    this(file, problem, null);
  }

  public String file() {
    return file;
  }

  /** 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** Dotted path of the field ({@code spec.authorities[1].key}), or null. */
  public String field() {
    return field;
  }

  /** The problem alone, without location. */
  public String problem() {
    return problem;
  }

  static String format(String file, int line, int column, String field, String problem) {
    return location(file, line, column) + (field != null && !field.isEmpty() ? field + ": " : "") + problem;
  }

  /** {@code file:line:column: } (each part only when known), or "" without a file. */
  public static String location(String file, int line, int column) {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
        if (column > 0) {
          sb.append(':').append(column);
        }
      }
      sb.append(": ");
    }
    return sb.toString();
  }
}
