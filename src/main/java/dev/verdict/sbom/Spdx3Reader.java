package dev.verdict.sbom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads SPDX 3.0 JSON-LD (https://spdx.github.io/spdx-spec/v3.0.1/serializations/) in its compact form: elements
 * of {@code @graph} linked by id; packages are elements whose type ends in {@code Package}; licenses arrive through
 * {@code hasConcludedLicense}/{@code hasDeclaredLicense} relationships.
 */
final class Spdx3Reader {
  private Spdx3Reader() {}

  static SbomDocument read(JsonNode doc, String source) {
    JsonNode graph = doc.get("@graph");
    if (graph == null || !graph.isArray()) {
      throw new SbomFormatException(source, "@graph", "SPDX 3 JSON-LD needs an @graph array");
    }
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode e : graph) {
      String id = id(e);
      if (id != null) {
        byId.put(id, e);
      }
    }
    Map<String, String> concluded = new HashMap<>();
    Map<String, String> declared = new HashMap<>();
    int relationships = 0;
    JsonNode document = null;
    for (JsonNode e : graph) {
      String type = String.valueOf(Json.text(e, "type"));
      if (type.endsWith("Relationship")) {
        String rel = String.valueOf(Json.text(e, "relationshipType"));
        List<JsonNode> to = Json.array(e, "to");
        String target = to.isEmpty() ? null : Json.text(to.get(0));
        if (rel.equals("hasConcludedLicense")) {
          concluded.put(Json.text(e, "from"), license(target, byId));
        } else if (rel.equals("hasDeclaredLicense")) {
          declared.put(Json.text(e, "from"), license(target, byId));
        } else {
          relationships++;
        }
      } else if (type.equals("SpdxDocument") && document == null) {
        document = e;
      }
    }
    List<Component> components = new ArrayList<>();
    for (JsonNode e : graph) {
      String type = String.valueOf(Json.text(e, "type"));
      if (type.endsWith("Package")) {
        components.add(pkg(e, concluded, declared, byId, source));
      }
    }
    JsonNode info = creationInfo(document, byId, graph);
    List<String> authors = names(Json.array(info, "createdBy"), byId);
    List<String> tools = names(Json.array(info, "createdUsing"), byId);
    return new SbomDocument("SPDX", Json.text(info, "specVersion"), document == null ? null
        : Json.text(document, "name"), Json.instant(Json.text(info, "created"), source, "CreationInfo.created"),
        authors, tools, components, relationships, source);
  }

  private static Component pkg(JsonNode p, Map<String, String> concluded, Map<String, String> declared,
      Map<String, JsonNode> byId, String source) {
    String id = id(p);
    String name = Json.text(p, "name");
    if (name == null) {
      throw new SbomFormatException(source, "@graph[" + id + "].name", "is required");
    }
    List<String> purls = new java.util.ArrayList<>();
    if (Json.text(p, "software_packageUrl") != null) {
      purls.add(Json.text(p, "software_packageUrl"));
    }
    String cpe = null;
    for (JsonNode x : Json.array(p, "externalIdentifier")) {
      String t = String.valueOf(Json.text(x, "externalIdentifierType"));
      if (t.equals("packageUrl")) {
        String purl = Json.text(x, "identifier");
        if (purl != null && !purls.contains(purl)) {
          purls.add(purl); // every purl is checked: the first one is not the package's only identity
        }
      } else if (t.startsWith("cpe") && cpe == null) {
        cpe = Json.text(x, "identifier");
      }
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (JsonNode h : Json.array(p, "verifiedUsing")) {
      if ("Hash".equals(Json.text(h, "type")) && Json.text(h, "algorithm") != null) {
        hashes.put(Json.text(h, "algorithm"), Json.text(h, "hashValue"));
      }
    }
    String supplierRef = Json.text(p, "suppliedBy");
    String supplier = supplierRef == null ? null : byId.containsKey(supplierRef)
        ? Json.text(byId.get(supplierRef), "name") : supplierRef;
    return new Component(name, Json.text(p, "software_packageVersion"), purls.isEmpty() ? null : purls.get(0),
        Spdx2Reader.license(concluded.get(id), declared.get(id), source, "@graph[" + id + "]"), hashes, supplier,
        id, cpe, purls.isEmpty() ? List.of() : purls.subList(1, purls.size()));
  }

  /** The license expression text a relationship target stands for. */
  private static String license(String target, Map<String, JsonNode> byId) {
    if (target == null) {
      return null;
    }
    JsonNode e = byId.get(target);
    if (e != null && Json.text(e, "simplelicensing_licenseExpression") != null) {
      return Json.text(e, "simplelicensing_licenseExpression");
    }
    if (target.endsWith("/NoAssertionLicense")) {
      return "NOASSERTION";
    }
    if (target.endsWith("/NoneLicense")) {
      return "NONE";
    }
    if (target.startsWith("https://spdx.org/licenses/")) {
      return target.substring("https://spdx.org/licenses/".length());
    }
    String name = e == null ? null : Json.text(e, "name");
    // a custom license has no SPDX id: refer to it as a LicenseRef so allow and deny lists can name it
    return "LicenseRef-" + (name != null ? name : target).replaceAll("[^A-Za-z0-9.-]", "-");
  }

  private static JsonNode creationInfo(JsonNode document, Map<String, JsonNode> byId, JsonNode graph) {
    JsonNode ci = document == null ? null : document.get("creationInfo");
    if (ci != null && ci.isObject()) {
      return ci;
    }
    if (ci != null && byId.containsKey(Json.text(ci))) {
      return byId.get(Json.text(ci));
    }
    for (JsonNode e : graph) {
      if ("CreationInfo".equals(Json.text(e, "type"))) {
        return e;
      }
    }
    return null;
  }

  private static List<String> names(List<JsonNode> refs, Map<String, JsonNode> byId) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : refs) {
      JsonNode agent = byId.get(Json.text(r));
      String name = agent == null ? Json.text(r) : Json.text(agent, "name");
      if (name != null) {
        out.add(name);
      }
    }
    return out;
  }

  private static String id(JsonNode e) {
    String id = Json.text(e, "spdxId");
    return id != null ? id : Json.text(e, "@id");
  }
}
