package dev.verdict.sbom;

import java.util.Comparator;
import java.util.Locale;

/** The version ordering of each purl type's ecosystem; unknown types get {@link GenericVersion}'s ordering. */
final class VersionComparators {
  private VersionComparators() {}

  /** The comparator for versions of packages of this purl type (maven, npm, pypi, golang, deb, rpm, ...). */
  public static Comparator<String> forType(String purlType) {
    String t = purlType == null ? "" : purlType.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "maven" -> MavenVersion::compare;
      case "npm", "golang", "cargo", "semver", "nuget", "hex", "swift", "pub" -> SemverVersion::compare;
      case "pypi", "pep440" -> Pep440Version::compare;
      case "deb", "debian" -> DebianVersion::compare;
      case "rpm" -> RpmVersion::compare;
      default -> GenericVersion::compare;
    };
  }
}
