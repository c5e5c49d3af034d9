package dev.verdict;

/**
 * A piece of evidence did not verify (bad signature, wrong identity, broken proof). Verifiers throw it from
 * {@code void verify(...)}; the engine turns it into a failed check, never into an exit code of its own.
 */
public class VerificationException extends Exception {
  public VerificationException(String message) {
    super(message);
  }

  public VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
