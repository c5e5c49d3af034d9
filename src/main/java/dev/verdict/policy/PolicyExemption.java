package dev.verdict.policy;

import java.time.LocalDate;
import java.util.List;

/** {@code exceptions[]}: images let through despite failures, with a reason, until {@code expires} (inclusive). */
public record PolicyExemption(List<String> images, String reason, LocalDate expires, Location location) {
  public PolicyExemption {
    images = List.copyOf(images);
  }
}
