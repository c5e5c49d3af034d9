package dev.verdict.report;

import dev.verdict.VerdictException;

/**
 * A report file could not be written. The run's decision stands: a deny stays exit 1 and an undecided run exit 4;
 * only a run that would have been allowed becomes exit 4, so a missing report never passes as a success.
 */
public final class ReportWriteException extends VerdictException {
  private final int exitCode;

  public ReportWriteException(String message, int decisionExitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = decisionExitCode == ExitCode.ALLOW ? ExitCode.UNDECIDABLE : decisionExitCode;
  }

  /** The exit code of the run: its decision's, or 4 where the decision was allow. */
  public int exitCode() {
    return exitCode;
  }
}
