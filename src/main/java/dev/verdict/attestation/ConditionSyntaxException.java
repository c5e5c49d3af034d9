package dev.verdict.attestation;

/**
 * A condition that does not compile (syntax, undeclared variable, non-bool result). {@code line} and
 * {@code column} are 1-based within the expression, so a policy loader can add the expression's own position.
 */
public final class ConditionSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;

  ConditionSyntaxException(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
