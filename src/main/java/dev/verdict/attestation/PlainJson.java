package dev.verdict.attestation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Converts a Jackson tree to plain Java values as CEL expects them: {@code Map<String,Object>}, {@code List},
 * {@code Long} for integers, {@code Double} for other numbers, {@code String}, {@code Boolean}, and protobuf's
 * {@code NullValue.NULL_VALUE} for JSON null (CEL treats a Java null as an unknown, not as {@code null}).
 */
final class PlainJson {
  private PlainJson() {}

  static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return com.google.protobuf.NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return Collections.unmodifiableMap(map);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode v : node.values()) {
        list.add(toJava(v));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isIntegralNumber()) {
      // integers beyond 64 bits have no CEL int; a double keeps comparisons meaningful
      return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isString()) {
      return node.stringValue();
    }
    // binary or POJO nodes never come out of JSON parsing; refuse rather than guess
    throw new IllegalArgumentException("unsupported JSON node type " + node.getNodeType());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> toMap(JsonNode object) {
    if (!object.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return (Map<String, Object>) toJava(object);
  }
}
