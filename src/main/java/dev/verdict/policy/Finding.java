package dev.verdict.policy;

import dev.verdict.ConfigException;

/**
 * One problem found in a policy file: an error (the policy cannot be loaded) or a warning (it loads, but is risky).
 * {@link #toString} is the lint line {@code file:line:col: error: field: message}; line and column are 1-based, 0
 * when unknown (and then left out of the line).
 */
public record Finding(Severity severity, String file, int line, int column, String field, String message) {
  /** How bad a finding is. */
  public enum Severity {
    ERROR, WARNING;

    /** {@code error} or {@code warning}, as printed. */
    public String label() {
      return this == ERROR ? "error" : "warning";
    }
  }

  public Finding {
    if (severity == null || message == null) {
      throw new IllegalArgumentException("a finding needs a severity and a message");
    }
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The same problem as the exception {@link PolicyLoader#load} throws (exit 3). */
  public ConfigException toException() {
    return new ConfigException(file, line, column, field, message);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(ConfigException.location(file, line, column));
    sb.append(severity.label()).append(": ");
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    return sb.append(message).toString();
  }
}
