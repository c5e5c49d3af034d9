package dev.verdict.policy;

/** A position in a policy file (1-based line and column; 0 when unknown), kept for error messages and SARIF. */
public record Location(String file, int line, int column) {
  public static final Location NONE = new Location(null, 0, 0);

  @Override
  public String toString() {
    return file == null ? "<none>" : file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "");
  }
}
