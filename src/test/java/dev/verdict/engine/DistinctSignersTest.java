package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistinctSignersTest {
  static DistinctSigners.Valid v(String... tokens) {
    return new DistinctSigners.Valid(Map.of(), Set.of(tokens));
  }

  @Test
  void assign_greedyWouldMissOne_findsTheLargestAssignment() {
    // a could take x or y, b only x: taking x for a (first valid) would leave b out
    Map<String, DistinctSigners.Valid> m = DistinctSigners.assign(List.of("a", "b"),
        Map.of("a", List.of(v("signature x", "key k1"), v("signature y", "key k2")),
            "b", List.of(v("signature x", "key k1"))));
    assertEquals(2, m.size());
    assertEquals(Set.of("signature y", "key k2"), m.get("a").signer());
  }

  @Test
  void assign_sharedKeyOrIdentity_countsOnce() {
    assertEquals(1, DistinctSigners.assign(List.of("a", "b"), Map.of(
        "a", List.of(v("signature x", "key k")), "b", List.of(v("signature y", "key k")))).size());
    assertEquals(1, DistinctSigners.assign(List.of("a", "b"), Map.of(
        "a", List.of(v("signature x", "key k1", "identity i")),
        "b", List.of(v("signature y", "key k2", "identity i")))).size());
    assertEquals(2, DistinctSigners.assign(List.of("a", "b"), Map.of(
        "a", List.of(v("signature x", "key k1", "identity i")),
        "b", List.of(v("signature y", "key k2", "identity j")))).size());
    assertEquals(0, DistinctSigners.assign(List.of("a"), Map.of()).size());
  }
}
