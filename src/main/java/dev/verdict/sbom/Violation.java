package dev.verdict.sbom;

/**
 * One broken SBOM or vulnerability rule.
 *
 * @param rule the rule's name in the policy ({@code deniedLicenses}, {@code deniedPackages}, {@code maxSeverity}...)
 * @param component the component's purl (or {@code name@version}), the vulnerability id, or null for the document
 */
public record Violation(String rule, String component, String message, String expected, String found) {
  @Override
  public String toString() {
    return rule + (component == null ? "" : " " + component) + ": " + message;
  }
}
