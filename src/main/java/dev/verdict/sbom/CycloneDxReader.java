package dev.verdict.sbom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads CycloneDX 1.2-1.7 JSON (https://cyclonedx.org/docs/1.7/json/) into the common model. */
final class CycloneDxReader {
  private static final Set<String> VERSIONS = Set.of("1.2", "1.3", "1.4", "1.5", "1.6", "1.7");

  private CycloneDxReader() {}

  static SbomDocument read(JsonNode bom, String source) {
    String spec = Json.text(bom, "specVersion");
    if (spec == null || !VERSIONS.contains(spec)) {
      throw new SbomFormatException(source, "specVersion", "unsupported CycloneDX version " + spec
          + " (supported: 1.2 to 1.7)");
    }
    JsonNode meta = bom.path("metadata");
    List<String> authors = new ArrayList<>();
    for (JsonNode a : Json.array(meta, "authors")) {
      addIfPresent(authors, Json.text(a, "name") != null ? Json.text(a, "name") : Json.text(a, "email"));
    }
    // 1.6 renamed metadata.manufacture to metadata.manufacturer; both name the organisation that made the BOM
    addIfPresent(authors, Json.text(meta.path("manufacturer"), "name"));
    addIfPresent(authors, Json.text(meta.path("manufacture"), "name"));
    addIfPresent(authors, Json.text(meta.path("supplier"), "name"));
    List<String> tools = new ArrayList<>();
    JsonNode t = meta.path("tools");
    // tools is an array up to 1.4 and an object {components, services} from 1.5
    for (JsonNode tool : t.isArray() ? Json.array(meta, "tools") : Json.array(t, "components")) {
      addIfPresent(tools, Json.text(tool, "name"));
    }
    List<Component> components = new ArrayList<>();
    collect(bom, "components", source, components);
    String name = Json.text(meta.path("component"), "name");
    return new SbomDocument("CycloneDX", spec, name,
        Json.instant(Json.text(meta, "timestamp"), source, "metadata.timestamp"), authors, tools, components,
        Json.array(bom, "dependencies").size(), source);
  }

  private static void collect(JsonNode parent, String path, String source, List<Component> out) {
    JsonNode list = parent.get("components");
    if (list == null || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      throw new SbomFormatException(source, path, "must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String at = path + "[" + i + "]";
      if (!c.isObject()) {
        throw new SbomFormatException(source, at, "must be an object");
      }
      out.add(component(c, at, source));
      collect(c, at + ".components", source, out);
    }
  }

  private static Component component(JsonNode c, String at, String source) {
    String name = Json.text(c, "name");
    if (name == null) {
      throw new SbomFormatException(source, at + ".name", "is required");
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (JsonNode h : Json.array(c, "hashes")) {
      String alg = Json.text(h, "alg");
      String content = Json.text(h, "content");
      if (alg != null && content != null) {
        hashes.put(alg, content);
      }
    }
    String supplier = Json.text(c.path("supplier"), "name");
    String cpe = Json.text(c, "cpe");
    String swid = Json.text(c.path("swid"), "tagId");
    return new Component(name, Json.text(c, "version"), Json.text(c, "purl"), licenses(c, at, source), hashes,
        supplier != null ? supplier : Json.text(c, "publisher"), Json.text(c, "bom-ref"),
        cpe != null ? cpe : swid == null ? null : "swid:" + swid);
  }

  /**
   * The component's licenses as one expression: an {@code expression} entry is parsed as SPDX; a {@code license}
   * entry is its id, else its name; several entries are joined with AND, the reading that constrains most.
   */
  static LicenseExpression licenses(JsonNode c, String at, String source) {
    List<LicenseExpression> parts = new ArrayList<>();
    List<JsonNode> entries = Json.array(c, "licenses");
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      String expression = Json.text(e, "expression");
      String id = Json.text(e.path("license"), "id");
      String name = Json.text(e.path("license"), "name");
      if (expression != null) {
        parts.add(LicenseExpression.parseOrName(expression));
      } else if (id != null) {
        parts.add(LicenseExpression.parseOrName(id));
      } else if (name != null) {
        parts.add(LicenseExpression.parseOrName(name));
      }
    }
    if (parts.isEmpty()) {
      return LicenseExpression.NOASSERTION;
    }
    return parts.size() == 1 ? parts.get(0) : new LicenseExpression.And(parts);
  }

  private static void addIfPresent(List<String> list, String value) {
    if (value != null && !list.contains(value)) {
      list.add(value);
    }
  }
}
