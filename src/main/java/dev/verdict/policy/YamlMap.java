package dev.verdict.policy;

import dev.verdict.ConfigException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML mapping read field by field. Every problem (unknown, duplicate, missing or mistyped field) is reported to
 * the {@link Source} with the node's position, and the getter returns null so reading goes on and lint sees all.
 */
final class YamlMap {
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([mhdw])");

  final Source src;
  final Node node;
  final String path;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMap(Source src, MappingNode node, String path) {
    this.src = src;
    this.node = node;
    this.path = path;
    for (NodeTuple t : node.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
        src.error(k, path, "keys must be strings, got " + kind(k));
        continue;
      }
      NodeTuple first = entries.putIfAbsent(s.getValue(), t);
      if (first != null) {
        src.error(k, field(s.getValue()), "duplicate key (first at line " + Source.line(first.getKeyNode())
            + "; remove one)");
      }
    }
  }

  /** The mapping at {@code node}, or null after an error when it is something else. */
  static YamlMap of(Source src, Node node, String path) {
    if (node instanceof MappingNode m) {
      return new YamlMap(src, m, path);
    }
    src.error(node, path, "expected a mapping, got " + kind(node));
    return null;
  }

  /** Reports every key not in {@code known}, suggesting the nearest known one. */
  YamlMap allow(String... known) {
    List<String> names = List.of(known);
    entries.forEach((key, t) -> {
      if (!names.contains(key)) {
        src.error(t.getKeyNode(), field(key), "unknown field " + Suggest.hint(key, names));
      }
    });
    return this;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  java.util.Set<String> keys() {
    return entries.keySet();
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Node get(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getValueNode();
  }

  /** Reports {@code key} missing ({@code hint} says what to write) and returns false, or returns true. */
  boolean require(String key, String hint) {
    if (has(key)) {
      return true;
    }
    src.error(node, field(key), "is required (" + hint + ")");
    return false;
  }

  String string(String key) {
    return has(key) ? string(src, get(key), field(key)) : null;
  }

  YamlMap map(String key) {
    return has(key) ? of(src, get(key), field(key)) : null;
  }

  /** The items of a list, or null; an empty list is an error unless {@code emptyOk}. */
  List<Node> list(String key, boolean emptyOk) {
    if (!has(key)) {
      return null;
    }
    Node n = get(key);
    if (!(n instanceof SequenceNode s)) {
      src.error(n, field(key), "expected a list, got " + kind(n) + " (write [a, b] or one '- item' per line)");
      return null;
    }
    if (s.getValue().isEmpty() && !emptyOk) {
      src.error(n, field(key), "must not be empty");
    }
    return s.getValue();
  }

  /** Checks one item of a list of strings; reports and returns false to leave it out. */
  interface ItemCheck {
    boolean ok(Node at, String field, String value);
  }

  /** A list of non-empty strings, or null; bad items are reported and left out. */
  List<String> strings(String key, boolean emptyOk) {
    return strings(key, emptyOk, (at, field, value) -> true);
  }

  /** Like {@link #strings(String, boolean)}, each item also passing {@code check}. */
  List<String> strings(String key, boolean emptyOk, ItemCheck check) {
    List<Node> items = list(key, emptyOk);
    if (items == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String f = field(key) + "[" + i + "]";
      String s = string(src, items.get(i), f);
      if (s != null && check.ok(items.get(i), f, s)) {
        out.add(s);
      }
    }
    return out;
  }

  Integer integer(String key) {
    Node n = get(key);
    if (n == null) {
      return null;
    }
    if (n instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
      try {
        return Integer.decode(s.getValue().replace("0o", "0"));
      } catch (NumberFormatException e) {
        src.error(n, field(key), "integer " + s.getValue() + " is out of range");
        return null;
      }
    }
    src.error(n, field(key), "expected an integer, got " + kind(n));
    return null;
  }

  /** {@code 90m}, {@code 12h}, {@code 30d}, {@code 2w}. */
  Duration duration(String key) {
    String s = string(key);
    if (s == null) {
      return null;
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      src.error(get(key), field(key), "invalid duration '" + s + "' (a positive number and a unit: 90m, 12h, 30d, 2w)");
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** One of {@code values} (exact spelling), or null after an error naming the accepted values. */
  <E> E choice(String key, Map<String, E> values) {
    String s = string(key);
    if (s == null) {
      return null;
    }
    E e = values.get(s);
    if (e == null) {
      src.error(get(key), field(key), "unknown value '" + s + "' (use " + String.join(", ", values.keySet()) + ")");
    }
    return e;
  }

  /** Reads and checks a file a policy names (a trusted root, a PEM, a VEX document); throws when it is bad. */
  interface FileCheck {
    void check(Path file) throws ConfigException;
  }

  /**
   * {@link #file(String)}, then read and checked now: 'policy lint' must refuse a policy whose trusted root, PEM or
   * VEX file 'verify' would refuse (exit 3), at the line that names it. Null after an error.
   */
  Path file(String key, FileCheck check) {
    Path p = file(key);
    return p == null ? null : checked(src, get(key), field(key), string(key), p, check);
  }

  static Path checked(Source src, Node at, String field, String written, Path p, FileCheck check) {
    try {
      check.check(p);
      return p;
    } catch (ConfigException e) {
      String detail = (e.field() != null && !e.field().isEmpty() ? e.field() + ": " : "") + e.problem();
      src.error(at, field, "'" + written + "': " + detail);
      return null;
    }
  }

  /** A path relative to the policy file that must name a readable file; null after an error. */
  Path file(String key) {
    String written = string(key);
    return written == null ? null : file(src, get(key), field(key), written);
  }

  static Path file(Source src, Node at, String field, String written) {
    Path p;
    try {
      p = src.resolve(written);
    } catch (InvalidPathException e) {
      src.error(at, field, "invalid path '" + written + "': " + e.getReason());
      return null;
    }
    if (!Files.exists(p)) {
      src.error(at, field, "file '" + written + "' does not exist (looked for " + p
          + "; paths are relative to the policy file)");
      return null;
    }
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      src.error(at, field, "'" + written + "' is not a readable file (" + p + ")");
      return null;
    }
    return p;
  }

  /** A non-empty string scalar, or null after an error. */
  static String string(Source src, Node n, String field) {
    if (n instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
      if (s.getValue().isBlank()) {
        src.error(n, field, "must not be empty");
        return null;
      }
      return s.getValue();
    }
    boolean quotable = n instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag())
        || Tag.BOOL.equals(s.getTag()));
    src.error(n, field, "expected a string, got " + kind(n) + (quotable ? " (quote the value)" : ""));
    return null;
  }

  /** What a node is, for messages: a mapping, a list, a string, a number, a boolean, null. */
  static String kind(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    Tag t = n.getTag();
    if (Tag.STR.equals(t)) {
      return "a string";
    }
    if (Tag.INT.equals(t) || Tag.FLOAT.equals(t)) {
      return "a number";
    }
    if (Tag.BOOL.equals(t)) {
      return "a boolean";
    }
    if (Tag.NULL.equals(t)) {
      return "null";
    }
    return "a value tagged " + t.getValue();
  }
}
