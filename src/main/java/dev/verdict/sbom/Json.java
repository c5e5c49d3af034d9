package dev.verdict.sbom;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Null-safe reads from a Jackson tree: absent, null and wrongly typed values come back as null or empty. */
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

  /** The elements of an array field; empty when absent or not an array. */
  static List<JsonNode> array(JsonNode node, String field) {
    JsonNode a = node == null ? null : node.get(field);
    if (a == null || !a.isArray()) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>(a.size());
    a.forEach(out::add);
    return out;
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
