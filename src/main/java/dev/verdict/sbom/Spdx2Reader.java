package dev.verdict.sbom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads SPDX 2.2/2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/) packages into the common model. */
final class Spdx2Reader {
  static final Set<String> VERSIONS = Set.of("SPDX-2.2", "SPDX-2.3");

  private Spdx2Reader() {}

  static SbomDocument read(JsonNode doc, String source) {
    String spec = Json.text(doc, "spdxVersion");
    if (spec == null || !VERSIONS.contains(spec)) {
      throw new SbomFormatException(source, "spdxVersion", "unsupported SPDX version " + spec
          + " (supported: SPDX-2.2, SPDX-2.3, SPDX 3.0 JSON-LD)");
    }
    JsonNode info = doc.path("creationInfo");
    List<String> authors = new ArrayList<>();
    List<String> tools = new ArrayList<>();
    for (JsonNode c : Json.array(info, "creators")) {
      creator(Json.text(c), authors, tools);
    }
    List<Component> components = new ArrayList<>();
    JsonNode packages = doc.get("packages");
    if (packages != null && !packages.isNull() && !packages.isArray()) {
      throw new SbomFormatException(source, "packages", "must be an array");
    }
    List<JsonNode> list = Json.array(doc, "packages");
    for (int i = 0; i < list.size(); i++) {
      components.add(pkg(list.get(i), "packages[" + i + "]", source));
    }
    return new SbomDocument("SPDX", spec, Json.text(doc, "name"),
        Json.instant(Json.text(info, "created"), source, "creationInfo.created"), authors, tools, components,
        Json.array(doc, "relationships").size(), source);
  }

  private static Component pkg(JsonNode p, String at, String source) {
    String name = Json.text(p, "name");
    if (name == null) {
      throw new SbomFormatException(source, at + ".name", "is required");
    }
    List<String> purls = new ArrayList<>();
    String cpe = null;
    for (JsonNode ref : Json.array(p, "externalRefs")) {
      String type = Json.text(ref, "referenceType");
      String locator = Json.text(ref, "referenceLocator");
      if ("purl".equals(type)) {
        if (locator != null && !purls.contains(locator)) {
          purls.add(locator); // every purl is checked: the first one is not the package's only identity
        }
      } else if (type != null && type.startsWith("cpe") && cpe == null) {
        cpe = locator;
      }
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (JsonNode h : Json.array(p, "checksums")) {
      String alg = Json.text(h, "algorithm");
      String value = Json.text(h, "checksumValue");
      if (alg != null && value != null) {
        hashes.put(alg, value);
      }
    }
    return new Component(name, noAssertion(Json.text(p, "versionInfo")), purls.isEmpty() ? null : purls.get(0),
        license(Json.text(p, "licenseConcluded"), Json.text(p, "licenseDeclared"), source, at), hashes,
        party(Json.text(p, "supplier")), Json.text(p, "SPDXID"), cpe,
        purls.isEmpty() ? List.of() : purls.subList(1, purls.size()));
  }

  /** The concluded license when asserted, else the declared one; malformed text is an error naming the field. */
  static LicenseExpression license(String concluded, String declared, String source, String at) {
    boolean useConcluded = noAssertion(concluded) != null;
    String text = useConcluded ? concluded : noAssertion(declared) != null ? declared : "NOASSERTION";
    try {
      return LicenseExpression.parse(text);
    } catch (IllegalArgumentException e) {
      throw new SbomFormatException(source, at + (useConcluded ? ".licenseConcluded" : ".licenseDeclared"),
          e.getMessage());
    }
  }

  /** {@code "Organization: ACME (x@y)"} or {@code "Person: Jane"} to the name; NOASSERTION to null. */
  static String party(String value) {
    String v = noAssertion(value);
    if (v == null) {
      return null;
    }
    int colon = v.indexOf(':');
    return colon >= 0 && v.substring(0, colon).matches("Organization|Person|Tool") ? v.substring(colon + 1).trim() : v;
  }

  static void creator(String value, List<String> authors, List<String> tools) {
    if (value == null) {
      return;
    }
    String party = party(value);
    if (party != null) { // "NOASSERTION" names nobody
      (value.startsWith("Tool:") ? tools : authors).add(party);
    }
  }

  static String noAssertion(String v) {
    return v == null || v.equals("NOASSERTION") ? null : v;
  }
}
