package dev.verdict.report;

import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** SARIF {@code reportingDescriptor}s for check ids, described by the id's first segment (its domain). */
final class SarifRules {
  private static final Map<String, String> DOMAINS = Map.of(
      "signature", "Image signatures verify against an authority the policy trusts",
      "attestation", "Attestations verify and satisfy the policy's conditions",
      "policy", "Images match a policy and the policy allows them",
      "sbom", "The image's SBOM satisfies the policy's SBOM rules",
      "vulnerability", "Vulnerability findings stay within the policy's limits",
      "resolve", "The image reference resolves to a digest",
      "slsa", "SLSA provenance satisfies the policy");

  private SarifRules() {}

  static void describe(String id, ObjectNode rule) {
    String domain = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
    String text = DOMAINS.getOrDefault(domain, "verdict check " + id);
    rule.put("id", id);
    rule.put("name", name(id));
    rule.putObject("shortDescription").put("text", text);
    rule.putObject("fullDescription").put("text", text + " (verdict check " + id + ").");
    rule.putObject("help").put("text", "verdict check " + id + ": the result message says what the policy expected"
        + " and what was found; fix the image, its signatures or attestations, or the policy.");
    rule.putObject("defaultConfiguration").put("level", "error");
    rule.putObject("properties").putArray("tags").add("security").add("supply-chain");
  }

  /** {@code signature.key} to {@code SignatureKey}: SARIF names are identifiers, not ids with dots. */
  static String name(String id) {
    StringBuilder sb = new StringBuilder();
    for (String part : id.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return sb.length() == 0 ? "Check" : sb.toString();
  }
}
