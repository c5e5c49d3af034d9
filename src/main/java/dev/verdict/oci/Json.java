package dev.verdict.oci;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shared strict mapper for the package and small typed accessors over its trees. */
final class Json {
  private Json() {}

  /** {@link dev.verdict.Json#mapper()}: a manifest with a key twice names two contents under one digest. */
  static JsonMapper mapper() {
    return dev.verdict.Json.mapper();
  }

  /** Parses bytes into a tree; throws {@link IllegalArgumentException} with Jackson's reason. */
  static JsonNode tree(byte[] bytes) {
    try {
      JsonNode node = dev.verdict.Json.tree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("empty document");
      }
      return node;
    } catch (tools.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /** The string field {@code name}, null when absent or JSON null; rejects other types. */
  static String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return v.stringValue();
  }

  static String requiredText(JsonNode node, String name) {
    String v = text(node, name);
    if (v == null) {
      throw new IllegalArgumentException(name + " is missing");
    }
    return v;
  }

  /** A string-to-string object such as {@code annotations}; empty when absent. */
  static Map<String, String> stringMap(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException(name + " must be an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isString()) {
        throw new IllegalArgumentException(name + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().stringValue());
    }
    return out;
  }
}
