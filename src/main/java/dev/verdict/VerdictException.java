package dev.verdict;

/**
 * Root of verdict's checked exceptions; each kind maps to one documented exit code in
 * {@link dev.verdict.report.ExitCode}. A policy denial is a result, never one of these.
 */
public abstract class VerdictException extends Exception {
  protected VerdictException(String message, Throwable cause) {
    super(message, cause);
  }
}
