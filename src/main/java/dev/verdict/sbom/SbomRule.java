package dev.verdict.sbom;

import java.time.Duration;
import java.util.List;

/**
 * {@code sbom:} built-in rules over an SBOM predicate or file. Empty lists and a null {@code maxAge} constrain nothing.
 *
 * @param deniedLicenses SPDX license ids no component may be bound to (an OR choice avoiding them passes)
 * @param allowedLicenses when non-empty, every component's license expression must be satisfiable from these
 * @param deniedPackages purls, optionally with a version range ({@code pkg:maven/g/a@<2.17.1}, {@code @>=1|<2})
 * @param requiredFields NTIA minimum elements: supplier, name, version, uniqueId, relationships, author, timestamp
 */
public record SbomRule(List<String> deniedLicenses, List<String> allowedLicenses, List<String> deniedPackages,
    List<String> requiredFields, Duration maxAge) {
  /** Validated here, not when an SBOM is judged: a malformed entry is a bad rule, never a bad SBOM or a no-op. */
  public SbomRule {
    deniedLicenses = List.copyOf(deniedLicenses);
    allowedLicenses = List.copyOf(allowedLicenses);
    deniedPackages = List.copyOf(deniedPackages);
    requiredFields = List.copyOf(requiredFields);
    deniedLicenses.forEach(SbomRule::checkLicense);
    allowedLicenses.forEach(SbomRule::checkLicense);
    deniedPackages.forEach(PackageRule::parse);
  }

  /**
   * Throws IllegalArgumentException unless {@code license} is an SPDX license id or expression: an entry such as
   * {@code "AGPL 3.0"} can match no component, so a deny list holding it would silently deny nothing.
   */
  public static void checkLicense(String license) {
    LicenseExpression.parse(license);
  }
}
