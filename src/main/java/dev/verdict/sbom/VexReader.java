package dev.verdict.sbom;

import dev.verdict.ConfigException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

  /** @param attached the VEX is a BOM's own analysis, about that BOM (see {@link Vex#attached}) */
  static Vex read(JsonNode tree, String source, boolean attached) {
    if (tree.has("bomFormat")) {
      return cycloneDx(tree, source, attached);
    }
    if (!tree.has("statements")) {
      throw new SbomFormatException(source, null, "not a VEX document: expected OpenVEX statements or a CycloneDX BOM");
    }
    Instant documentTime = time(tree, "last_updated", "timestamp", source, "");
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
      for (JsonNode a : v.isString() ? List.<JsonNode>of() : Json.array(v, "aliases")) {
        aliases.add(Json.text(a));
      }
      aliases.remove(null);
      // 0.0.x listed subcomponents beside the products, for all of them; 0.2 lists them under each product
      Set<String> shared = new HashSet<>();
      for (JsonNode sub : Json.array(s, "subcomponents")) {
        shared.addAll(ids(sub, source, at + ".subcomponents"));
      }
      List<Vex.Target> targets = new ArrayList<>();
      List<JsonNode> products = Json.array(s, "products");
      for (int j = 0; j < products.size(); j++) {
        JsonNode p = products.get(j);
        Set<String> subs = new HashSet<>();
        List<JsonNode> own = p.isObject() ? Json.array(p, "subcomponents") : List.of();
        for (JsonNode sub : own) {
          subs.addAll(ids(sub, source, at + ".products[" + j + "].subcomponents"));
        }
        boolean listed = !own.isEmpty();
        targets.add(new Vex.Target(ids(p, source, at + ".products[" + j + "]"), listed ? subs : shared, false,
            false));
      }
      Vex.Status status = openVexStatus(Json.text(s, "status"), source, at);
      if (status == Vex.Status.NOT_AFFECTED && Json.text(s, "justification") == null
          && Json.text(s, "impact_statement") == null) {
        // OpenVEX: a not_affected statement MUST give one; a bare claim suppresses nothing, it is malformed
        throw new SbomFormatException(source, at, "not_affected needs a justification or an impact_statement");
      }
      Instant own = time(s, "last_updated", "timestamp", source, at + ".");
      String id = Json.text(s, "@id");
      out.add(new Vex.Statement(vuln, aliases, targets, status,
          Json.text(s, "justification"), own != null ? own : documentTime, id == null ? at : at + " (" + id + ")"));
    }
    return new Vex(source, out);
  }

  /** The later of two RFC 3339 fields of {@code node}, or null when neither is there; malformed is an error. */
  private static Instant time(JsonNode node, String a, String b, String source, String at) {
    Instant x = Json.instant(Json.text(node, a), source, at + a);
    Instant y = Json.instant(Json.text(node, b), source, at + b);
    return x == null ? y : y == null || x.isAfter(y) ? x : y;
  }

  /**
   * The identifiers of an OpenVEX component: a string, or {@code @id}, {@code identifiers.purl} (and cpe) and
   * {@code hashes} (sha-256 as {@code sha256:<hex>}, the only algorithm compared). A component with no identifier
   * is malformed.
   */
  private static Set<String> ids(JsonNode c, String source, String at) {
    Set<String> out = new HashSet<>();
    if (c.isString()) {
      out.add(Json.text(c));
    } else if (c.isObject()) {
      out.add(Json.text(c, "@id"));
      JsonNode identifiers = c.path("identifiers");
      for (String k : List.of("purl", "cpe23", "cpe22")) {
        out.add(Json.text(identifiers, k));
      }
      JsonNode hashes = c.path("hashes");
      if (hashes.isObject()) {
        String sha256 = Json.text(hashes, "sha-256");
        if (sha256 != null) {
          out.add("sha256:" + sha256.toLowerCase(java.util.Locale.ROOT));
        }
      }
    } else {
      throw new SbomFormatException(source, at, "must be a string or an object, not " + Json.kind(c));
    }
    out.remove(null);
    if (out.isEmpty()) {
      // a subcomponent naming nothing would leave a statement about the whole product: malformed, not wider
      throw new SbomFormatException(source, at, "names no identifier (@id, identifiers.purl or hashes)");
    }
    return out;
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

  /**
   * CycloneDX {@code analysis.state}: not_affected and false_positive suppress as not_affected, resolved as fixed.
   * An {@code affects} ref is a BOM-link ({@code urn:cdx:serial/version#bom-ref}, about that BOM's component), or a
   * bom-ref of this document: of the BOM it is attached to when {@code attached}, else of this VEX BOM, whose own
   * components and {@code metadata.component} are then resolved to their purls.
   */
  private static Vex cycloneDx(JsonNode bom, String source, boolean attached) {
    Instant documentTime = Json.instant(Json.text(bom.path("metadata"), "timestamp"), source, "metadata.timestamp");
    JsonNode root = bom.path("metadata").path("component");
    String rootRef = Json.text(root, "bom-ref");
    String rootPurl = Json.text(root, "purl");
    Map<String, String> own = VexSubject.refs(bom);
    List<Vex.Statement> out = new ArrayList<>();
    List<JsonNode> vulns = Json.array(bom, "vulnerabilities");
    for (int i = 0; i < vulns.size(); i++) {
      JsonNode v = vulns.get(i);
      String at = "vulnerabilities[" + i + "]";
      String id = Json.text(v, "id");
      JsonNode analysis = v.path("analysis");
      String state = Json.text(analysis, "state");
      if (id == null || state == null) {
        continue; // a vulnerability without analysis is a finding, not a VEX statement
      }
      Vex.Status status = switch (state) {
        case "not_affected", "false_positive" -> Vex.Status.NOT_AFFECTED;
        case "resolved", "resolved_with_pedigree" -> Vex.Status.FIXED;
        case "exploitable" -> Vex.Status.AFFECTED;
        case "in_triage" -> Vex.Status.UNDER_INVESTIGATION;
        default -> throw new SbomFormatException(source, at + ".analysis.state", "unknown state '" + state + "'");
      };
      Set<String> aliases = new HashSet<>();
      for (JsonNode r : Json.array(v, "references")) {
        aliases.add(Json.text(r, "id"));
      }
      aliases.remove(null);
      List<Vex.Target> targets = new ArrayList<>();
      for (JsonNode a : Json.array(v, "affects")) {
        String ref = Json.text(a, "ref");
        if (ref == null) {
          continue;
        }
        if (ref.regionMatches(true, 0, "urn:cdx:", 0, 8)) {
          int hash = ref.indexOf('#');
          targets.add(new Vex.Target(Set.of(hash < 0 ? ref : ref.substring(0, hash)),
              hash < 0 ? Set.of() : Set.of(ref.substring(hash + 1).isEmpty() ? ref : decoded(ref, hash)), false,
              true));
        } else if (attached) {
          targets.add(new Vex.Target(Set.of(), Set.of(ref), true, true));
        } else {
          Set<String> product = rootPurl == null ? Set.of() : Set.of(rootPurl);
          // the VEX BOM's own root is the whole product; a ref it does not resolve stays a ref, which matches nothing
          targets.add(new Vex.Target(product, ref.equals(rootRef) ? Set.of() : Set.of(own.getOrDefault(ref, ref)),
              false, false));
        }
      }
      Instant time = Json.instant(Json.text(analysis, "lastUpdated"), source, at + ".analysis.lastUpdated");
      if (time == null) {
        time = Json.instant(Json.text(analysis, "firstIssued"), source, at + ".analysis.firstIssued");
      }
      String ref = Json.text(v, "bom-ref");
      out.add(new Vex.Statement(id, aliases, targets, status, Json.text(analysis, "justification"),
          time != null ? time : documentTime, ref == null ? at : at + " (" + ref + ")"));
    }
    return new Vex(source, out);
  }

  /** The fragment of a BOM-link, percent-decoded; a bad escape keeps the raw text, which then names nothing. */
  private static String decoded(String link, int hash) {
    try {
      return Purl.decode(link.substring(hash + 1));
    } catch (IllegalArgumentException e) {
      return link;
    }
  }
}
