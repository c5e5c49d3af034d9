package dev.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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
import tools.jackson.databind.JsonNode;

/** {@link Json#tree(byte[])} reads exactly what the strict mapper's {@code readTree} reads. */
class JsonTest {
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
    assertThrows(JacksonException.class, () -> Json.tree(deep.getBytes(StandardCharsets.UTF_8)));
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

  /** Same tree (node classes and values) or same rejection; true when it was a tree. */
  private static boolean assertSame(byte[] json, String what) {
    JsonNode expected;
    try {
      expected = Json.mapper().readTree(json);
    } catch (JacksonException e) {
      JacksonException actual = assertThrows(JacksonException.class, () -> Json.tree(json), what);
      assertEquals(e.getOriginalMessage(), actual.getOriginalMessage(), what);
      return false;
    }
    JsonNode actual;
    try {
      actual = Json.tree(json);
    } catch (JacksonException e) {
      fail(what + ": the mapper reads it, tree rejects it: " + e.getOriginalMessage());
      return false;
    }
    assertSameNode(expected, actual, what + " at /");
    return !expected.isMissingNode();
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
