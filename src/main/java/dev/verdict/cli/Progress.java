package dev.verdict.cli;

import java.io.PrintStream;

/**
 * "verified 12/200" on standard error while a long run goes on, only when a person is watching (a terminal) and
 * the run has more than a few images; CI logs stay clean.
 */
final class Progress {
  private static final Progress NONE = new Progress(0, null);
  private final int total;
  private final PrintStream err;
  private int done;

  private Progress(int total, PrintStream err) {
    this.total = total;
    this.err = err;
  }

  static Progress start(int total, boolean wanted) {
    if (!wanted || total < 5 || System.console() == null) {
      return NONE;
    }
    return new Progress(total, System.err);
  }

  synchronized void done() {
    if (err != null) {
      done++;
      err.print("\rverified " + done + "/" + total);
      err.flush();
    }
  }

  synchronized void finish() {
    if (err != null) {
      err.print("\r" + " ".repeat(("verified " + total + "/" + total).length()) + "\r");
      err.flush();
    }
  }
}
