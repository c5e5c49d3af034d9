package dev.verdict;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON reader of verdict, lazily created: strict about duplicate keys, since signed documents must be
 * unambiguous, and bounded in nesting and token sizes. Every package parses through it (the Kubernetes manifest
 * reader through its {@link #factory()}, to keep line numbers); package-level {@code Json} classes only add typed
 * accessors over its trees.
 */
public final class Json {
  /** Nesting depth at most; deeper input is rejected, not recursed into. */
  public static final int MAX_DEPTH = 500;

  private Json() {}

  /** Jackson 3's defaults, pinned here so that an upgrade of Jackson cannot loosen them. */
  private static final class Limits {
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH)
        .maxStringLength(100_000_000)
        .maxNumberLength(1000)
        .maxNameLength(50_000)
        .build();
  }

  private static final class Holder {
    static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(Limits.LIMITS).build();
    static final JsonMapper MAPPER = JsonMapper.builder(FACTORY)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /**
   * The streaming factory alone, with the mapper's limits and strictness: reading a tree through it costs no mapper
   * (building one initialises Jackson's date formats, java.time support and printers, a large share of a command's
   * start-up when all it does is read a bundle or a manifest).
   */
  private static final class Trees {
    static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(Limits.LIMITS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  public static JsonMapper mapper() {
    return Holder.MAPPER;
  }

  /** The mapper's token factory (same limits), for readers that build their own trees with locations. */
  public static JsonFactory factory() {
    return Holder.FACTORY;
  }

  /**
   * One document, parsed strictly, as {@code mapper().readTree(json)} reads it (same node types; duplicate keys,
   * trailing content and the nesting limit rejected) but without creating the mapper; throws
   * {@link IllegalArgumentException} with Jackson's reason (the {@link JacksonException} as its cause), or
   * "empty document" (no cause) when there is none.
   */
  public static JsonNode tree(byte[] json) {
    JsonNode node;
    try (JsonParser p = Trees.FACTORY.createParser(ObjectReadContext.empty(), json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException("empty document");
      }
      node = value(p, t);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new StreamReadException(p, "Trailing token (`JsonToken." + trailing.name() + "`) found after value "
            + "(bound as `" + JsonNode.class.getName() + "`): not allowed as per "
            + "`DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
      }
    } catch (JacksonException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    return node;
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
