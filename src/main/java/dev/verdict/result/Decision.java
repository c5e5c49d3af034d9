package dev.verdict.result;

/** The verdict for one image. */
public enum Decision {
  ALLOW,
  /** Allowed, with findings a policy in warn/audit mode or an exception let through. */
  WARN,
  DENY,
  /** Could not decide (exit 4): never treated as allow. */
  ERROR;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
