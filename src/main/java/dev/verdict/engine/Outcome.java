package dev.verdict.engine;

import dev.verdict.policy.ImageGlob;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.Mode;
import dev.verdict.policy.PolicyExemption;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.Status;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a policy's mode and exceptions to its raw checks and decides. Enforce: a failure denies. Warn: a failure
 * becomes a warning. Audit: a failure is reported and allowed. A live exception turns failures into warnings; an
 * expired one is reported and ignored. ERROR is never softened: what could not be decided is not allowed.
 */
final class Outcome {
  private Outcome() {}

  record Applied(List<Check> checks, Decision decision) {}

  static Applied apply(ImagePolicy policy, List<Check> raw, String reference, LocalDate today) {
    return apply(policy, raw, reference, today, java.time.ZoneOffset.UTC);
  }

  /** As above; an excepted check carries the exception's end in {@code zone} ({@link TrustBounds#NOT_AFTER}). */
  static Applied apply(ImagePolicy policy, List<Check> raw, String reference, LocalDate today,
      java.time.ZoneId zone) {
    List<Check> checks = new ArrayList<>();
    PolicyExemption live = null;
    for (PolicyExemption e : policy.exceptions()) {
      if (e.images().stream().anyMatch(g -> ImageGlob.matches(g, reference))) {
        if (today.isAfter(e.expires())) {
          checks.add(Check.of("exception.expired", policy.name(), Status.WARN,
              "exception expired on " + e.expires() + " and no longer applies (" + e.reason() + ")",
              "an exception valid today", "expired " + e.expires()));
        } else {
          live = e;
        }
      }
    }
    boolean fail = false;
    boolean warn = false;
    boolean error = false;
    for (Check c : raw) {
      Check out = c;
      if (c.status() == Status.FAIL) {
        if (live != null) {
          out = soften(c, "excepted until " + live.expires() + ": " + live.reason());
          java.util.Map<String, String> ev = new java.util.LinkedHashMap<>(out.evidence());
          ev.put(TrustBounds.NOT_AFTER, TrustBounds.exceptionEnd(live.expires(), zone).toString());
          out = new Check(out.id(), out.subject(), out.status(), out.message(), out.expected(), out.found(), ev);
        } else if (policy.mode() != Mode.ENFORCE) {
          out = soften(c, "mode " + policy.mode().name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      switch (out.status()) {
        case FAIL -> fail = true;
        case WARN -> warn = true;
        case ERROR -> error = true;
        default -> { }
      }
      checks.add(out);
    }
    Decision d = error ? Decision.ERROR : fail ? Decision.DENY : warn ? Decision.WARN : Decision.ALLOW;
    if (d == Decision.WARN && policy.mode() == Mode.AUDIT) {
      d = Decision.ALLOW;
    }
    return new Applied(checks, d);
  }

  private static Check soften(Check c, String why) {
    return new Check(c.id(), c.subject(), Status.WARN, c.message() + " [" + why + "]", c.expected(), c.found(),
        c.evidence());
  }
}
