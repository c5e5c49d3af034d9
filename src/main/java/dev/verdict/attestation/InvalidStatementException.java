package dev.verdict.attestation;

import dev.verdict.VerificationException;

/** A signed payload that is not a valid in-toto Statement; {@link #error()} says which rule it breaks. */
public final class InvalidStatementException extends VerificationException {
  private static final long serialVersionUID = 1L;
  private final StatementError error;

  InvalidStatementException(StatementError error, String message) {
    super(message);
    this.error = error;
  }

  public StatementError error() {
    return error;
  }
}
