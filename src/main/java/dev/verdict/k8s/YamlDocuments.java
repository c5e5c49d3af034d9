package dev.verdict.k8s;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.Yaml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.YamlUnicodeReader;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a multi-document YAML file with snakeyaml-engine's compose API, which keeps each node's position, into
 * {@link LocatedDocument}s. Aliases are expanded and {@code <<} merge keys applied (by the composer, as
 * Kubernetes' YAML decoder does); duplicate keys are rejected (which of two {@code image:} values would run is ambiguous).
 *
 * @see <a href="https://yaml.org/spec/1.2.2/">YAML 1.2.2</a>
 */
final class YamlDocuments {
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
  /** Nodes created per file, aliases expanded: stops "billion laughs" documents. */
  static final int MAX_NODES = 2_000_000;
  private static final int MAX_DEPTH = 500;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String file;
  private Map<String, Integer> lines;
  private int budget = MAX_NODES;

  private YamlDocuments(String file) {
    this.file = file;
  }

  /** The documents of {@code bytes}, named {@code file} in messages (standard input: {@code <stdin>}). */
  static List<LocatedDocument> read(String file, byte[] bytes) throws ConfigException {
    return new YamlDocuments(file).readAll(bytes);
  }

  private List<LocatedDocument> readAll(byte[] bytes) throws ConfigException {
    LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new CoreSchema())
        .setCodePointLimit(MAX_CODE_POINTS).build();
    List<LocatedDocument> documents = new ArrayList<>();
    String text = text(bytes);
    try {
      for (Node node : Yaml.composeAll(text, settings)) {
        lines = new HashMap<>();
        JsonNode root = convert(node, "", 0, 0);
        documents.add(new LocatedDocument(documents.size(), root, lines));
      }
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      HelmHint.check(file, text, mark == null ? 0 : mark.getLine() + 1, e);
      String context = e.getContext() == null || e.getContext().isEmpty() ? "" : " (" + e.getContext() + ")";
      throw new ConfigException(file, mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1, null, "invalid YAML: " + e.getProblem() + context, e);
    } catch (YamlEngineException e) {
      HelmHint.check(file, text, 0, e);
      throw new ConfigException(file, 0, 0, null,
          "invalid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    return documents;
  }

  /** The file's text: UTF-8, or UTF-16/32 with a byte order mark, as the YAML spec allows. */
  private String text(byte[] bytes) throws ConfigException {
    try (Reader r = new YamlUnicodeReader(new ByteArrayInputStream(bytes))) {
      StringBuilder sb = new StringBuilder(bytes.length);
      char[] buf = new char[8192];
      for (int n; (n = r.read(buf)) > 0; ) {
        sb.append(buf, 0, n);
      }
      return sb.toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, 0, 0, null, "not UTF-8 text (nor UTF-16 or UTF-32 with a byte order mark)",
          e);
    } catch (IOException e) {
      throw new ConfigException(file, 0, 0, null, "cannot read: " + InputFiles.reason(e), e);
    }
  }

  /**
   * Converts {@code node}. {@code refLine} is the line of the key that referenced it through an alias or a merge, or 0:
   * an image reached through {@code image: *img} is reported where that key is, not where the anchor is.
   */
  private JsonNode convert(Node node, String pointer, int depth, int refLine) throws ConfigException {
    if (depth > MAX_DEPTH || --budget < 0) {
      throw error(node, pointer, "too deeply nested or too many aliases expanded (limit " + MAX_NODES + " nodes)");
    }
    lines.putIfAbsent(pointer, refLine > 0 ? refLine : line(node));
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar);
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode();
      for (Node item : sequence.getValue()) {
        array.add(convert(item, pointer + "/" + array.size(), depth + 1, refLine));
      }
      return array;
    }
    return mapping((MappingNode) node, pointer, depth, refLine);
  }

  private ObjectNode mapping(MappingNode mapping, String pointer, int depth, int refLine) throws ConfigException {
    ObjectNode object = NODES.objectNode();
    int mappingAt = index(mapping, 0);
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw error(tuple.getKeyNode(), pointer, "keys must be scalars");
      }
      String name = key.getValue();
      if (object.has(name)) {
        throw error(key, pointer + "/" + JsonPointers.escape(name), "duplicate key '" + name + "'");
      }
      object.set(name, convert(tuple.getValueNode(), pointer + "/" + JsonPointers.escape(name), depth + 1,
          childRefLine(mapping, mappingAt, tuple, refLine)));
    }
    return object;
  }

  /**
   * The line to report for a value reached through an alias ({@code image: *img}: the key's line) or a merge key
   * ({@code <<: *base}, which the composer has already flattened into this mapping: the mapping's line), not the line
   * of the anchor; 0 for a value written in place.
   */
  private static int childRefLine(MappingNode mapping, int mappingAt, NodeTuple tuple, int refLine) {
    if (refLine > 0) {
      return refLine;
    }
    int keyAt = index(tuple.getKeyNode(), Integer.MAX_VALUE);
    if (keyAt < mappingAt) {
      return line(mapping);
    }
    return index(tuple.getValueNode(), Integer.MAX_VALUE) < keyAt ? line(tuple.getKeyNode()) : 0;
  }

  private static int index(Node node, int unknown) {
    return node.getStartMark().map(Mark::getIndex).orElse(unknown);
  }

  private static JsonNode scalar(ScalarNode scalar) {
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    try {
      if (tag.equals(Tag.NULL)) {
        return NODES.nullNode();
      } else if (tag.equals(Tag.BOOL)) {
        return NODES.booleanNode(Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT)));
      } else if (tag.equals(Tag.INT)) {
        return NODES.numberNode(new java.math.BigInteger(value.replace("_", "").replaceFirst("^\\+", "")));
      } else if (tag.equals(Tag.FLOAT)) {
        return NODES.numberNode(new java.math.BigDecimal(value));
      }
    } catch (NumberFormatException e) {
      // hexadecimal, octal, .inf and the like: no field we read is numeric, keep the text
    }
    return NODES.stringNode(value);
  }

  private ConfigException error(Node node, String pointer, String problem) {
    int column = node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    return new ConfigException(file, line(node), column, pointer.isEmpty() ? null : JsonPointers.toDotted(pointer),
        problem);
  }

  private static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }
}
