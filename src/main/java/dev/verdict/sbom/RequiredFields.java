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
      if (!ok) {
        out.add(new Violation("requiredFields", c.label(), "component has no " + field, field + " present",
            "missing"));
      }
    }
  }
}
