package dev.verdict.result;

/** Outcome of one check. */
public enum Status {
  /** Verified or satisfied. */
  PASS,
  /** Not satisfied; denies unless the policy mode softens it. */
  FAIL,
  /** Not satisfied, but only reported (mode warn/audit, or an advisory check). */
  WARN,
  /** Not applicable or not required; shown so the report explains itself. */
  SKIP,
  /** Could not be decided (registry, trust material): never a pass. */
  ERROR;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
