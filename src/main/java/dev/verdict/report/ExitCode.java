package dev.verdict.report;

import dev.verdict.result.ImageResult;
import dev.verdict.result.Report;


import dev.verdict.ConfigException;
import dev.verdict.UndecidableException;
import dev.verdict.UsageException;

/** The one place where results and exceptions become exit codes (see README, "Exit codes"). */
public final class ExitCode {
  public static final int ALLOW = 0;
  public static final int DENY = 1;
  public static final int USAGE = 2;
  public static final int CONFIG = 3;
  public static final int UNDECIDABLE = 4;

  private ExitCode() {}

  /** Exit code of a finished run: any error is 4, else any deny is 1, else warnings deny only with failOnWarn. */
  public static int of(Report report, boolean failOnWarn) {
    boolean deny = false;
    boolean error = false;
    for (ImageResult r : report.results()) {
      switch (r.decision()) {
        case ERROR -> error = true;
        case DENY -> deny = true;
        case WARN -> deny |= failOnWarn;
        case ALLOW -> { }
      }
    }
    if (error) {
      return UNDECIDABLE;
    }
    return deny ? DENY : ALLOW;
  }

  /**
   * {@link #of(Report, boolean)} with a report-only rollout: unless {@code enforce}, a deny is reported, not
   * enforced (0); "could not decide" (4) is no verdict and still fails.
   */
  public static int of(Report report, boolean failOnWarn, boolean enforce) {
    int code = of(report, failOnWarn);
    return !enforce && code == DENY ? ALLOW : code;
  }

  /** Exit code of a run that ended in an exception. Anything unexpected is "could not decide", never allow. */
  public static int of(Throwable t) {
    if (t instanceof ReportWriteException w) {
      return w.exitCode();
    }
    if (t instanceof UsageException) {
      return USAGE;
    }
    if (t instanceof ConfigException) {
      return CONFIG;
    }
    if (t instanceof UndecidableException) {
      return UNDECIDABLE;
    }
    return UNDECIDABLE;
  }
}
