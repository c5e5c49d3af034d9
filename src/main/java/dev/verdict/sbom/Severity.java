package dev.verdict.sbom;

import java.util.Locale;

/**
 * Qualitative severity, ordered; {@link #UNKNOWN} (no usable rating) ranks as {@link #CRITICAL} when compared with
 * a limit, so a finding nobody rated never passes a {@code maxSeverity} below critical.
 */
enum Severity {
  NONE, LOW, MEDIUM, HIGH, CRITICAL, UNKNOWN;

  /** Parses a policy's {@code maxSeverity} or a scanner's label (moderate = medium, important = high). */
  public static Severity parse(String text) {
    if (text == null) {
      return UNKNOWN;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "none", "info", "informational", "negligible" -> NONE;
      case "low" -> LOW;
      case "medium", "moderate" -> MEDIUM;
      case "high", "important" -> HIGH;
      case "critical" -> CRITICAL;
      default -> UNKNOWN;
    };
  }

  /** The CVSS v3 qualitative rating of a base score (https://www.first.org/cvss/v3.1/specification-document#5). */
  public static Severity ofScore(double score) {
    if (score <= 0) {
      return NONE;
    }
    return score < 4 ? LOW : score < 7 ? MEDIUM : score < 9 ? HIGH : CRITICAL;
  }

  /** Whether this severity is above {@code limit}; unknown counts as critical. */
  public boolean exceeds(Severity limit) {
    Severity self = this == UNKNOWN ? CRITICAL : this;
    return self.ordinal() > limit.ordinal();
  }

  /** The higher of two severities, a known one preferred to unknown. */
  static Severity max(Severity a, Severity b) {
    if (a == UNKNOWN) {
      return b;
    }
    return b == UNKNOWN || a.ordinal() >= b.ordinal() ? a : b;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
