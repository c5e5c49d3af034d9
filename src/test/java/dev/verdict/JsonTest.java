package dev.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;

/** The one strict JSON reader: what every package's parsing inherits from it, and that its tree reader reads
 * exactly what the strict mapper's {@code readTree} reads. */
class JsonTest {
  static byte[] nested(int depth) {
    return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Loads the named packages itself (child first), so that what one call initialises can be observed apart from the
   * rest of the suite, which has long since built the mapper.
   */
  static final class Isolated extends URLClassLoader {
    Isolated() {
      super(urls(), Json.class.getClassLoader());
    }

    static URL[] urls() {
      return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(e -> {
        try {
          return Path.of(e).toUri().toURL();
        } catch (IOException ex) {
          throw new IllegalStateException(ex);
        }
      }).toArray(URL[]::new);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.verdict.") && !name.startsWith("tools.jackson.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        return c != null ? c : findClass(name);
      }
    }

    boolean loaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  @Test
  void tree_readsWithoutBuildingTheMapper() throws Exception {
    try (Isolated loader = new Isolated()) {
      Object node = loader.loadClass(Json.class.getName()).getMethod("tree", byte[].class)
          .invoke(null, (Object) "{\"a\":[1,true,null]}".getBytes(StandardCharsets.UTF_8));
      // the mapper's builder initialises Jackson's date formats, java.time support and printers: a large share of a
      // command's start-up when all it does is read a bundle (checked before anything prints the tree: a node's
      // toString builds a mapper of its own)
      assertTrue(!loader.loaded("tools.jackson.databind.cfg.MapperBuilder"), "Json.tree built a mapper");
      assertEquals("{\"a\":[1,true,null]}", node.toString());
    }
  }

  @Test
  void tree_duplicateKey_rejectedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.tree("{\"a\":1,\"b\":2,\"a\":3}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("Duplicate Object property \"a\""), e.getMessage());
  }

  @Test
  void tree_nestedDeeperThanTheLimit_rejected() {
    assertTrue(Json.tree(nested(Json.MAX_DEPTH)).isArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.tree(nested(Json.MAX_DEPTH + 1)));
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }

  @Test
  void tree_emptyOrBlank_rejectedWithoutCause() {
    for (String s : new String[] {"", "  \n"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Json.tree(s.getBytes(StandardCharsets.UTF_8)));
      assertEquals("empty document", e.getMessage());
      assertNull(e.getCause());
    }
  }

  @Test
  void limits_noLooserThanJacksonsDefaults() {
    StreamReadConstraints ours = Json.factory().streamReadConstraints();
    StreamReadConstraints defaults = StreamReadConstraints.defaults();
    assertTrue(ours.getMaxNestingDepth() <= defaults.getMaxNestingDepth());
    assertTrue(ours.getMaxStringLength() <= defaults.getMaxStringLength());
    assertTrue(ours.getMaxNumberLength() <= defaults.getMaxNumberLength());
    assertTrue(ours.getMaxNameLength() <= defaults.getMaxNameLength());
    assertEquals(ours, Json.mapper().tokenStreamFactory().streamReadConstraints());
  }

  @Test
  void tree_overlongNumber_rejected() {
    byte[] big = ("[" + "9".repeat(1001) + "]").getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> Json.tree(big));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "-0", "2147483647", "2147483648", "-2147483649", "9223372036854775808",
      "12345678901234567890", "1.5", "-0.0", "1e5", "1E400", "1e-400", "0.1000000000000000000000001", "\"x\"",
      "\"\\u00e9\\ud83d\\ude00\"", "true", "false", "null", "", "  \n", "{}", "[]", "[[[]]]",
      "{\"a\":{\"b\":[1,2.5,\"c\",null,true,{\"d\":[]}]},\"e\":-3}", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}",
      "{\"a\":1} {", "[1] 2", "{\"a\":1} x", "\"x\" \"y\"", "NaN", "[1,]", "{\"a\":}", "{'a':1}", "[1", "{\"a\"",
      "01", "1.", ".5", "+1", "\"\t\"", "// c\n1", "[1]]", "\u00ef\u00bb\u00bf{}", "{\"a\":1}\n\n"})
  void tree_edgeCases_sameAsMapperReadTree(String json) {
    assertSame(json.getBytes(StandardCharsets.UTF_8), json);
  }

  @Test
  void tree_nestingBeyondTheParserLimit_rejectedLikeTheMapper() {
    String deep = "[".repeat(5000) + "]".repeat(5000);

    assertSame(deep.getBytes(StandardCharsets.UTF_8), "5000 nested arrays");
    assertThrows(IllegalArgumentException.class, () -> Json.tree(deep.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void tree_everyJsonFixtureAndFuzzSeed_sameAsMapperReadTree() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(Path.of("testdata"), Path.of("src/test/resources"))) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(Files::isRegularFile).filter(p -> p.toFile().length() < 4 << 20).forEach(files::add);
      }
    }
    assertTrue(files.size() > 300, "files: " + files.size());
    int trees = 0;
    for (Path f : files) {
      if (assertSame(Files.readAllBytes(f), f.toString())) {
        trees++;
      }
    }
    assertTrue(trees > 200, "valid JSON documents compared: " + trees);
  }

  /**
   * Same tree (node classes and values) as the mapper's {@code readTree}, or the same rejection (Jackson's reason,
   * wrapped); an empty document, a MissingNode to the mapper, is rejected as "empty document". True for a tree.
   */
  private static boolean assertSame(byte[] json, String what) {
    JsonNode expected;
    try {
      expected = Json.mapper().readTree(json);
    } catch (JacksonException e) {
      IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> Json.tree(json), what);
      assertTrue(actual.getCause() instanceof JacksonException, what);
      assertEquals(e.getOriginalMessage(), ((JacksonException) actual.getCause()).getOriginalMessage(), what);
      return false;
    }
    if (expected == null || expected.isMissingNode()) {
      IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, () -> Json.tree(json), what);
      assertEquals("empty document", actual.getMessage(), what);
      return false;
    }
    JsonNode actual;
    try {
      actual = Json.tree(json);
    } catch (IllegalArgumentException e) {
      fail(what + ": the mapper reads it, tree rejects it: " + e.getMessage());
      return false;
    }
    assertSameNode(expected, actual, what + " at /");
    return true;
  }

  private static void assertSameNode(JsonNode expected, JsonNode actual, String where) {
    assertEquals(expected.getClass(), actual.getClass(), where);
    assertEquals(expected, actual, where);
    if (expected.isObject()) {
      assertEquals(List.copyOf(expected.propertyNames()), List.copyOf(actual.propertyNames()), where);
      for (Map.Entry<String, JsonNode> e : expected.properties()) {
        assertSameNode(e.getValue(), actual.get(e.getKey()), where + e.getKey() + "/");
      }
    } else if (expected.isArray()) {
      Iterator<JsonNode> a = actual.iterator();
      int i = 0;
      for (JsonNode e : expected) {
        assertSameNode(e, a.next(), where + i++ + "/");
      }
    } else {
      assertEquals(expected.toString(), actual.toString(), where);
    }
  }
}
