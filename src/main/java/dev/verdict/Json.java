package dev.verdict;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The shared, lazily created JSON mapper: strict about duplicate keys, since signed documents must be unambiguous. */
public final class Json {
  private Json() {}

  private static final class Holder {
    static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** The streaming parser factory alone, with the mapper's strictness: it costs no mapper to create. */
  private static final class Trees {
    static final JsonFactory FACTORY = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  public static JsonMapper mapper() {
    return Holder.MAPPER;
  }

  /**
   * One JSON document as a tree, exactly as {@code mapper().readTree(json)} reads it (same node types, duplicate
   * keys and trailing content rejected, {@code MissingNode} for an empty document), without creating the mapper:
   * building a mapper initialises Jackson's date formats, java.time support and printers, a large share of a
   * command's start-up when all it does is read a bundle or a manifest.
   *
   * @throws tools.jackson.core.JacksonException when the bytes are not one valid JSON document
   */
  public static JsonNode tree(byte[] json) {
    try (JsonParser p = Trees.FACTORY.createParser(ObjectReadContext.empty(), json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return JsonNodeFactory.instance.missingNode();
      }
      JsonNode node = value(p, t);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new StreamReadException(p, "Trailing token (`JsonToken." + trailing.name() + "`) found after value "
            + "(bound as `" + JsonNode.class.getName() + "`): not allowed as per "
            + "`DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
      }
      return node;
    }
  }

  /** The value that starts at token {@code t}; the parser's nesting limit bounds the recursion. */
  private static JsonNode value(JsonParser p, JsonToken t) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = f.objectNode();
        for (String name = p.nextName(); name != null; name = p.nextName()) {
          o.set(name, value(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = f.arrayNode();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          a.add(value(p, e));
        }
        return a;
      }
      case VALUE_STRING -> {
        return f.textNode(p.getString());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> f.numberNode(p.getIntValue());
          case LONG -> f.numberNode(p.getLongValue());
          default -> f.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return switch (p.getNumberType()) {
          case BIG_DECIMAL -> f.numberNode(p.getDecimalValue());
          case FLOAT -> f.numberNode(p.getFloatValue());
          default -> f.numberNode(p.getDoubleValue());
        };
      }
      case VALUE_TRUE -> {
        return f.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return f.booleanNode(false);
      }
      case VALUE_NULL -> {
        return f.nullNode();
      }
      default -> throw new StreamReadException(p, "Unexpected token (`JsonToken." + t.name() + "`) in a JSON tree");
    }
  }
}
