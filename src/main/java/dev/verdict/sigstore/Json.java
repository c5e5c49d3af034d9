package dev.verdict.sigstore;

import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Small strict helpers over Jackson trees, shared by the trusted root and bundle readers. */
final class Json {
  /** {@link dev.verdict.Json#mapper()}: a bundle or trust root with a key twice means what each parser picks. */
  static ObjectMapper mapper() {
    return dev.verdict.Json.mapper();
  }

  private Json() {}

  /** Parses JSON strictly or throws IllegalArgumentException with Jackson's one-line reason. */
  static JsonNode read(byte[] json) {
    try {
      return dev.verdict.Json.tree(json);
    } catch (IllegalArgumentException e) {
      if (e.getCause() == null) {
        throw e;
      }
      String m = e.getMessage() == null ? e.getCause().toString() : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException("not valid JSON: " + m, e.getCause());
    }
  }

  /** The string value of {@code parent.field}, or null when absent or null. */
  static String text(JsonNode parent, String field) {
    if (parent == null) {
      return null;
    }
    JsonNode n = parent.get(field);
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (!n.isString() && !n.isNumber()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return n.asString();
  }

  /** A child object, or null when absent. */
  static JsonNode obj(JsonNode parent, String field) {
    if (parent == null) {
      return null;
    }
    JsonNode n = parent.get(field);
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(field + " must be an object");
    }
    return n;
  }

  /** A child array (empty when absent). */
  static JsonNode array(JsonNode parent, String field) {
    JsonNode n = parent == null ? null : parent.get(field);
    if (n == null || n.isNull() || n.isMissingNode()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(field + " must be an array");
    }
    return n;
  }

  /**
   * Standard or URL-safe base64 (protobuf JSON accepts both); throws IllegalArgumentException on bad input. Line
   * breaks are skipped, as Go's decoder (protojson, sigstore-go, cosign) and Python's and Node's do: a value wrapped
   * by {@code base64} at 76 columns is the same bytes, and only the bytes are ever verified.
   */
  static byte[] base64(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
      t = t.replace("\r", "").replace("\n", "");
    }
    try {
      return Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(t);
      } catch (IllegalArgumentException e2) {
        throw new IllegalArgumentException("bad base64");
      }
    }
  }

  /** Parses a decimal int64 given as JSON string or number (protobuf JSON writes int64 as strings). */
  static long int64(JsonNode parent, String field) {
    String v = text(parent, field);
    if (v == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " is not an integer: " + v);
    }
  }

  /**
   * A proto3 int64 (https://protobuf.dev/programming-guides/json/): a JSON string or number, and absent (or null)
   * means 0, because proto3 JSON omits zero values (an inclusion proof for the first entry of a log has no
   * {@code logIndex}).
   */
  static long protoInt64(JsonNode parent, String field) {
    return text(parent, field) == null ? 0 : int64(parent, field);
  }

  /** A proto3 bytes field: standard or URL-safe base64, padded or not; absent (or null) means empty. */
  static byte[] protoBytes(JsonNode parent, String field) {
    String v = text(parent, field);
    return v == null ? new byte[0] : base64(v);
  }
}
