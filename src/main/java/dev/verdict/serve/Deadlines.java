package dev.verdict.serve;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The internal deadline of one admission (WEBHOOK.md, "Failure semantics"): {@code min(?timeout= or 10s, 28s)} minus
 * a margin of {@code max(1s, 10%)} (or {@code --timeout-margin}), so that a deny always reaches the apiserver before
 * it gives up and applies {@code failurePolicy}.
 */
final class Deadlines {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(28);
  /** Go's time.Duration text as the apiserver writes it: {@code 10s}, {@code 1m0s}, {@code 500ms}. */
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(h|ms|m|s)");
  private static final Pattern TIMEOUT = Pattern.compile("(?:^|&)timeout=([^&]*)");

  private Deadlines() {}

  /** The apiserver's {@code timeout} query parameter, or the default 10s when absent or unreadable. */
  public static Duration timeout(String rawQuery) {
    if (rawQuery == null) {
      return DEFAULT_TIMEOUT;
    }
    Matcher q = TIMEOUT.matcher(rawQuery);
    if (!q.find()) {
      return DEFAULT_TIMEOUT;
    }
    String text = q.group(1);
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "ms" -> Duration.ofMillis(n);
        default -> Duration.ofSeconds(n);
      });
      end = m.end();
    }
    if (end == 0 || end != text.length() || total.isZero()) {
      return DEFAULT_TIMEOUT;
    }
    return total;
  }

  /**
   * How long verdict itself may take: the timeout capped at 28s, minus {@code margin} when given, else max(1s, 10%).
   * Never less than 100 ms.
   */
  public static Duration internal(Duration timeout, Duration margin) {
    Duration t = timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout;
    Duration m = margin != null ? margin : max(Duration.ofSeconds(1), t.dividedBy(10));
    Duration left = t.minus(m);
    return left.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : left;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
