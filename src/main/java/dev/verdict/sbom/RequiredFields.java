package dev.verdict.sbom;

import java.util.List;

/**
 * NTIA minimum elements (https://www.ntia.gov/files/ntia/publications/sbom_minimum_elements_report.pdf): per
 * component supplier, name, version and a unique id (purl, CPE or SWID: document-local refs do not count); per
 * document relationships, author (a person or organisation; a tool alone is not an author) and timestamp.
 */
final class RequiredFields {
  private RequiredFields() {}

  static void check(SbomDocument sbom, List<String> fields, List<Violation> out) {
    for (String f : fields) {
      switch (f) {
        case "relationships" -> document(sbom.relationships() > 0, f, "no dependency relationships", out);
        case "author" -> document(!sbom.authors().isEmpty(), f, "no author (person or organisation)"
            + (sbom.tools().isEmpty() ? "" : "; tools " + sbom.tools() + " do not count"), out);
        case "timestamp" -> document(sbom.created() != null, f, "no creation timestamp", out);
        default -> components(sbom, f, out);
      }
    }
  }

  private static void document(boolean ok, String field, String message, List<Violation> out) {
    if (!ok) {
      out.add(new Violation("requiredFields", null, message, field + " present", "missing"));
    }
  }

  private static void components(SbomDocument sbom, String field, List<Violation> out) {
    for (Component c : sbom.components()) {
      boolean ok = switch (field) {
        case "supplier" -> c.supplier() != null;
        case "name" -> c.name() != null;
        case "version" -> c.version() != null;
        case "uniqueId" -> c.purl() != null || c.cpe() != null;
        default -> throw new IllegalArgumentException("requiredFields: unknown field '" + field + "'");
      };
      String broken = field.equals("uniqueId") ? brokenId(c) : null;
      if (broken != null) {
        out.add(new Violation("requiredFields", c.label(), "component's unique id is malformed: " + broken,
            "a valid purl, CPE or SWID tag id", "malformed"));
      } else if (!ok) {
        out.add(new Violation("requiredFields", c.label(), "component has no " + field, field + " present",
            "missing"));
      }
    }
  }

  /** A CPE 2.3 formatted string (11 colon-separated parts after {@code cpe:2.3}, {@code \:} escaped). */
  private static final java.util.regex.Pattern CPE23 =
      java.util.regex.Pattern.compile("cpe:2\\.3:[aho*\\-](:(?:[^:\\\\]|\\\\.)*){10}");
  /** A CPE 2.2 URI ({@code cpe:/a:vendor:product:...}). */
  private static final java.util.regex.Pattern CPE22 = java.util.regex.Pattern.compile("cpe:/[aho]?(:[^:]*){0,6}");

  /**
   * Why the component's ids are malformed, or null: a purl that is present must parse (a malformed purl is not
   * an id, whatever else is there), and a CPE must be a CPE 2.2 URI or 2.3 string ({@code swid:} ids as read).
   */
  static String brokenId(Component c) {
    for (String purl : c.purls()) {
      try {
        Purl.parse(purl);
      } catch (IllegalArgumentException e) {
        return "purl '" + purl + "': " + e.getMessage();
      }
    }
    String cpe = c.cpe();
    if (cpe != null && !cpe.startsWith("swid:") && !CPE23.matcher(cpe.toLowerCase(java.util.Locale.ROOT)).matches()
        && !CPE22.matcher(cpe.toLowerCase(java.util.Locale.ROOT)).matches()) {
      return "CPE '" + cpe + "' is neither a CPE 2.3 string nor a CPE 2.2 URI";
    }
    return null;
  }
}
