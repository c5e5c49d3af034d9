package dev.verdict.testing;

import java.util.Arrays;

/**
 * The invariant of every fuzz test: a parser of untrusted input returns a result or throws one of its documented
 * errors, with a message; anything else (NullPointerException, ClassCastException, IndexOutOfBoundsException,
 * StackOverflowError, OutOfMemoryError, an undocumented JDK subclass such as NumberFormatException) is a finding.
 */
public final class Fuzzing {
  private Fuzzing() {}

  /** A parse that may throw anything. */
  @FunctionalInterface
  public interface Body {
    void run() throws Throwable;
  }

  /**
   * Runs {@code body}; returns normally when it returns or throws one of {@code documented} (the class itself, or a
   * subclass declared by verdict), and rethrows anything else for Jazzer to report.
   */
  @SafeVarargs
  public static void expect(Body body, Class<? extends Throwable>... documented) throws Throwable {
    try {
      body.run();
    } catch (Throwable t) {
      if (!isDocumented(t, documented)) {
        throw t;
      }
      if (t.getMessage() == null || t.getMessage().isBlank()) {
        throw new AssertionError("documented error without a message: " + t.getClass().getName(), t);
      }
    }
  }

  static boolean isDocumented(Throwable t, Class<? extends Throwable>[] documented) {
    // A JDK subclass of a documented type (NumberFormatException, PatternSyntaxException, InvalidPathException
    // are IllegalArgumentExceptions) escaped a parser unhandled; a verdict subclass was thrown on purpose.
    boolean ours = t.getClass().getName().startsWith("dev.verdict.");
    return Arrays.stream(documented).anyMatch(c -> t.getClass() == c || (ours && c.isInstance(t)));
  }

  /** The input as text, as a file of it would be read (UTF-8, malformed sequences replaced). */
  public static String text(byte[] input) {
    return new String(input, java.nio.charset.StandardCharsets.UTF_8);
  }
}
