package dev.verdict.sbom;

import java.util.Map;

/**
 * A {@code deniedPackages} entry: a purl whose version part may be a range ({@code pkg:maven/g/a@<2.17.1},
 * {@code pkg:npm/lodash@>=4.0.0|<4.17.21}); without a version it matches every version. Qualifiers given in the
 * rule must be present with the same value on the component; a component without a version matches any range
 * (its version cannot be shown to lie outside it).
 */
public record PackageRule(String text, Purl purl, VersionRange range) {

  /** Parses a rule; throws IllegalArgumentException naming the rule and the problem. */
  public static PackageRule parse(String text) {
    try {
      String[] p = Purl.split(text.trim());
      Purl purl = Purl.of(p[0], p[1], p[2], null, p[4], p[5]);
      VersionRange range = p[3] == null || p[3].isEmpty() ? null : VersionRange.parse(Purl.decode(p[3]), purl.type());
      return new PackageRule(text.trim(), purl, range);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("package rule '" + text + "': " + e.getMessage(), e);
    }
  }

  /** Whether a component with this purl is covered by the rule. */
  public boolean matches(Purl component) {
    if (!purl.coordinates().equals(component.coordinates())) {
      return false;
    }
    for (Map.Entry<String, String> q : purl.qualifiers().entrySet()) {
      if (!q.getValue().equals(component.qualifiers().get(q.getKey()))) {
        return false;
      }
    }
    return range == null || component.version() == null || range.contains(version(component));
  }

  /** The version to compare: an rpm purl keeps its epoch in the {@code epoch} qualifier, the range in the version. */
  private static String version(Purl p) {
    String epoch = p.qualifiers().get("epoch");
    return p.type().equals("rpm") && epoch != null && p.version().indexOf(':') < 0 ? epoch + ":" + p.version()
        : p.version();
  }

  @Override
  public String toString() {
    return text;
  }
}
