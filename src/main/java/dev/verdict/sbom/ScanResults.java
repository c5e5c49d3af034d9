package dev.verdict.sbom;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Findings from a scanner's raw result as predicates carry it: the in-toto vulns list ({@code [{id, severity:
 * [{method, score}]}]}), Trivy JSON ({@code Results[].Vulnerabilities[]}) or Grype JSON ({@code matches[]}).
 */
final class ScanResults {
  private ScanResults() {}

  static List<VulnerabilityReport.Finding> findings(JsonNode result, String source) {
    List<VulnerabilityReport.Finding> out = new ArrayList<>();
    if (result.isArray()) {
      int i = 0;
      for (JsonNode r : result) {
        String id = Json.text(r, "id");
        if (id == null) {
          throw new SbomFormatException(source, "predicate.scanner.result[" + i + "].id", "is required");
        }
        Severity sev = Severity.UNKNOWN;
        for (JsonNode s : Json.array(r, "severity")) {
          String score = Json.text(s, "score");
          sev = Severity.max(sev, rating(score, score, score));
        }
        out.add(new VulnerabilityReport.Finding(id, List.of(), sev, null));
        i++;
      }
    } else if (result.has("Results") || result.has("SchemaVersion")) {
      for (JsonNode target : Json.array(result, "Results")) {
        for (JsonNode v : Json.array(target, "Vulnerabilities")) {
          String purl = Json.text(v.path("PkgIdentifier"), "PURL");
          String pkg = purl != null ? purl : Json.text(v, "PkgName") + "@" + Json.text(v, "InstalledVersion");
          out.add(new VulnerabilityReport.Finding(required(v, "VulnerabilityID", source), List.of(),
              Severity.parse(Json.text(v, "Severity")), pkg));
        }
      }
    } else if (result.has("matches")) {
      for (JsonNode m : Json.array(result, "matches")) {
        JsonNode v = m.path("vulnerability");
        List<String> aliases = new ArrayList<>();
        for (JsonNode r : Json.array(m, "relatedVulnerabilities")) {
          if (Json.text(r, "id") != null) {
            aliases.add(Json.text(r, "id"));
          }
        }
        String purl = Json.text(m.path("artifact"), "purl");
        out.add(new VulnerabilityReport.Finding(required(v, "id", source), aliases,
            Severity.parse(Json.text(v, "severity")), purl != null ? purl : Json.text(m.path("artifact"), "name")));
      }
    } else {
      throw new SbomFormatException(source, "predicate.scanner.result",
          "unrecognised scanner output (expected an in-toto vulns list, Trivy JSON or Grype JSON)");
    }
    return out;
  }

  /** The severity a rating states: a label, else a numeric score, else one computed from a CVSS 3 vector. */
  static Severity rating(String label, String score, String vector) {
    Severity s = Severity.parse(label);
    if (s != Severity.UNKNOWN) {
      return s;
    }
    if (score != null && score.matches("\\d+(\\.\\d+)?")) {
      return Severity.ofScore(Double.parseDouble(score));
    }
    double computed = Cvss3.baseScore(vector);
    return computed < 0 ? Severity.UNKNOWN : Severity.ofScore(computed);
  }

  private static String required(JsonNode v, String field, String source) {
    String s = Json.text(v, field);
    if (s == null) {
      throw new SbomFormatException(source, "predicate.scanner.result: " + field, "is required");
    }
    return s;
  }
}
