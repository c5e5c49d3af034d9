package dev.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;

/** The one strict JSON reader: what every package's parsing inherits from it. */
class JsonTest {
  static byte[] nested(int depth) {
    return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
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
}
