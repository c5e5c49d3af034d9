package dev.verdict.sbom;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Null-safe reads from a Jackson tree: absent and null values come back as null or empty, wrongly typed scalars as
 * null. A list of the wrong type is malformed, never empty: {@code "Vulnerabilities": "..."} is not "no findings".
 */
final class Json {
  private Json() {}

  /** The text of {@code node.field}, numbers included, or null when absent, null, empty or not a scalar. */
  static String text(JsonNode node, String field) {
    return node == null ? null : text(node.get(field));
  }

  static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) {
      return null;
    }
    String s = value.isString() ? value.stringValue() : value.asString();
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * The elements of an array field; empty when it or {@code node} is absent or null. A field of another type, or a
   * {@code node} that is not an object, is a {@link SbomFormatException} naming the field (the caller adds the source).
   */
  static List<JsonNode> array(JsonNode node, String field) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return List.of();
    }
    if (!node.isObject()) {
      throw new SbomFormatException(null, field, "expected inside an object, found " + kind(node));
    }
    JsonNode a = node.get(field);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new SbomFormatException(null, field, "must be a list, not " + kind(a));
    }
    List<JsonNode> out = new ArrayList<>(a.size());
    a.forEach(out::add);
    return out;
  }

  /** "a string", "a number", "an object"... for messages. */
  static String kind(JsonNode n) {
    return n.isObject() ? "an object" : n.isArray() ? "a list" : n.isString() ? "a string"
        : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean" : "null";
  }

  /** An RFC 3339 timestamp, or null when absent; a present but unparsable value is an error naming the field. */
  static Instant instant(String value, String source, String field) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new SbomFormatException(source, field, "not an RFC 3339 timestamp: " + value);
    }
  }
}
