package dev.verdict.sbom;

import dev.verdict.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Parses OpenVEX (v0.0.x and v0.2) and CycloneDX VEX into {@link Vex} statements. */
final class VexReader {
  private VexReader() {}

  static JsonNode json(byte[] content, String source) throws ConfigException {
    try {
      JsonNode tree = SbomParser.MAPPER.readTree(content);
      if (tree == null || !tree.isObject()) {
        throw new ConfigException(source, 0, 0, null, "expected a JSON object");
      }
      return tree;
    } catch (JacksonException e) {
      throw new ConfigException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), null, "invalid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  static Vex read(JsonNode tree, String source) {
    if (tree.has("bomFormat")) {
      return cycloneDx(tree, source);
    }
    if (!tree.has("statements")) {
      throw new SbomFormatException(source, null, "not a VEX document: expected OpenVEX statements or a CycloneDX BOM");
    }
    List<Vex.Statement> out = new ArrayList<>();
    List<JsonNode> statements = Json.array(tree, "statements");
    for (int i = 0; i < statements.size(); i++) {
      JsonNode s = statements.get(i);
      String at = "statements[" + i + "]";
      JsonNode v = s.path("vulnerability");
      // OpenVEX 0.0.x wrote the vulnerability as a string, 0.2 as an object with name and aliases
      String vuln = v.isString() ? Json.text(v) : Json.text(v, "name");
      if (vuln == null) {
        throw new SbomFormatException(source, at + ".vulnerability", "is required");
      }
      Set<String> aliases = new HashSet<>();
      for (JsonNode a : Json.array(v, "aliases")) {
        aliases.add(Json.text(a));
      }
      aliases.remove(null);
      Set<String> products = new HashSet<>();
      for (JsonNode p : Json.array(s, "products")) {
        List<JsonNode> subs = Json.array(p, "subcomponents");
        if (subs.isEmpty()) {
          products.add(p.isString() ? Json.text(p) : Json.text(p, "@id"));
        }
        for (JsonNode sub : subs) {
          products.add(sub.isString() ? Json.text(sub) : Json.text(sub, "@id"));
        }
      }
      products.remove(null);
      out.add(new Vex.Statement(vuln, aliases, products, openVexStatus(Json.text(s, "status"), source, at),
          Json.text(s, "justification")));
    }
    return new Vex(source, out);
  }

  private static Vex.Status openVexStatus(String status, String source, String at) {
    if (status == null) {
      throw new SbomFormatException(source, at + ".status", "is required");
    }
    return switch (status) {
      case "not_affected" -> Vex.Status.NOT_AFFECTED;
      case "fixed" -> Vex.Status.FIXED;
      case "affected" -> Vex.Status.AFFECTED;
      case "under_investigation" -> Vex.Status.UNDER_INVESTIGATION;
      default -> throw new SbomFormatException(source, at + ".status", "unknown status '" + status + "'");
    };
  }

  /** CycloneDX {@code analysis.state}: not_affected and false_positive suppress as not_affected, resolved as fixed. */
  private static Vex cycloneDx(JsonNode bom, String source) {
    List<Vex.Statement> out = new ArrayList<>();
    List<JsonNode> vulns = Json.array(bom, "vulnerabilities");
    for (int i = 0; i < vulns.size(); i++) {
      JsonNode v = vulns.get(i);
      String id = Json.text(v, "id");
      String state = Json.text(v.path("analysis"), "state");
      if (id == null || state == null) {
        continue; // a vulnerability without analysis is a finding, not a VEX statement
      }
      Vex.Status status = switch (state) {
        case "not_affected", "false_positive" -> Vex.Status.NOT_AFFECTED;
        case "resolved", "resolved_with_pedigree" -> Vex.Status.FIXED;
        case "exploitable" -> Vex.Status.AFFECTED;
        case "in_triage" -> Vex.Status.UNDER_INVESTIGATION;
        default -> throw new SbomFormatException(source, "vulnerabilities[" + i + "].analysis.state",
            "unknown state '" + state + "'");
      };
      Set<String> aliases = new HashSet<>();
      for (JsonNode r : Json.array(v, "references")) {
        aliases.add(Json.text(r, "id"));
      }
      aliases.remove(null);
      Set<String> products = new HashSet<>();
      for (JsonNode a : Json.array(v, "affects")) {
        String ref = Vex.localRef(Json.text(a, "ref"));
        if (ref != null) {
          products.add(ref);
        }
      }
      out.add(new Vex.Statement(id, aliases, products, status, Json.text(v.path("analysis"), "justification")));
    }
    return new Vex(source, out);
  }
}
