package dev.verdict.k8s;

import dev.verdict.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON manifest file (one object, or several concatenated as {@code kubectl} accepts) with line numbers.
 * JSON gets its own reader because JSON indented with tabs is not valid YAML.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259</a>
 */
final class JsonDocuments {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String file;
  private Map<String, Integer> lines;

  private JsonDocuments(String file) {
    this.file = file;
  }

  /** The documents of {@code bytes}, named {@code file} in messages (standard input: {@code <stdin>}). */
  static List<LocatedDocument> read(String file, byte[] bytes) throws ConfigException {
    return new JsonDocuments(file).readAll(bytes);
  }

  private List<LocatedDocument> readAll(byte[] bytes) throws ConfigException {
    List<LocatedDocument> documents = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(bytes);
        JsonParser parser = dev.verdict.Json.factory().createParser(ObjectReadContext.empty(), in)) {
      while (parser.nextToken() != null) {
        lines = new HashMap<>();
        JsonNode root = value(parser, "", 0);
        documents.add(new LocatedDocument(documents.size(), root, lines));
      }
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      HelmHint.check(file, new String(bytes, StandardCharsets.UTF_8), at == null ? 0 : at.getLineNr(), e);
      throw new ConfigException(file, at == null ? 0 : Math.max(at.getLineNr(), 0),
          at == null ? 0 : Math.max(at.getColumnNr(), 0), null, "invalid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(file, 0, 0, null, "cannot read: " + e.getMessage(), e);
    }
    return documents;
  }

  /** The value starting at the parser's current token. */
  private JsonNode value(JsonParser parser, String pointer, int depth) throws ConfigException {
    int line = parser.currentTokenLocation().getLineNr();
    if (depth > dev.verdict.Json.MAX_DEPTH) {
      throw new ConfigException(file, line, 0, JsonPointers.toDotted(pointer), "too deeply nested");
    }
    lines.put(pointer, line);
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          parser.nextToken();
          if (object.has(name)) {
            throw new ConfigException(file, keyLine, 0,
                JsonPointers.toDotted(pointer + "/" + JsonPointers.escape(name)), "duplicate key '" + name + "'");
          }
          object.set(name, value(parser, pointer + "/" + JsonPointers.escape(name), depth + 1));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser, pointer + "/" + array.size(), depth + 1));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.stringNode(parser.getString());
      }
      case VALUE_NUMBER_INT -> {
        return NODES.numberNode(parser.getBigIntegerValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDecimalValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new ConfigException(file, line, 0, null, "unexpected JSON token " + token);
    }
  }
}
