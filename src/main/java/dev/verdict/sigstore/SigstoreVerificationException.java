package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import dev.verdict.result.Check;
import java.util.List;

/** A Sigstore verification that failed, with every check made up to and including the failing one. */
public final class SigstoreVerificationException extends VerificationException {
  private final transient List<Check> checks;

  SigstoreVerificationException(String message, List<Check> checks) {
    super(message);
    this.checks = List.copyOf(checks);
  }

  /** The checks made, in order; the last one failed. */
  public List<Check> checks() {
    return checks;
  }
}
