package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validity windows of a trusted root (protobuf-specs TimeRange; sigstore-conformance @a73de49 "Test trust-root
 * validity interval semantics"), for every kind of entry, through {@code verify-artifact}: the window is closed, its
 * start inclusive and its end inclusive, at the precision of the time it is compared with; a {@code validFor} without
 * its start is an invalid trusted root (exit 3), never an unbounded window. Each root is a conformance case's root
 * with one entry's window moved onto the proven time of that case's evidence.
 */
class TrustedRootValidityTest {
  @TempDir
  Path tmp;

  /**
   * One entry of a case's root and the proven time its window is judged at.
   *
   * @param field the entry's array in the root, and where its window sits ({@code publicKey.validFor} for logs)
   * @param keyId for logs, which one (by logId.keyId); else the index of the authority
   * @param reason what the refusal says when the time is outside the window
   */
  record Entry(String kind, String caseName, String field, String keyId, int index, Instant at, Duration step,
      String reason) {
    @Override
    public String toString() {
      return kind;
    }
  }

  static final Instant V01_INTEGRATED = Instant.parse("2023-07-12T15:56:36Z");
  static final Instant V2_TSA_TIME = Instant.parse("2025-06-12T12:02:20Z");

  static final List<Entry> ENTRIES = List.of(
      new Entry("tlog at the SET's integrated time", "happy-path-v0.1", "tlogs",
          "wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=", -1, V01_INTEGRATED, Duration.ofSeconds(1),
          "is not valid at integrated time 2023-07-12T15:56:36Z"),
      new Entry("Rekor v2 tlog at the TSA's time", "rekor2-happy-path", "tlogs",
          "8w1amZ2S5mJIQkQmPxdMuOrL/oJkvFg9MnQXmeOCXck=", -1, V2_TSA_TIME, Duration.ofSeconds(1),
          "is not valid at timestamp 2025-06-12T12:02:20Z"),
      new Entry("ctlog at the SCT's time (milliseconds)", "happy-path-v0.1", "ctlogs",
          "3T0wasbHETJjGR4cmWc3AqJKXrjePK3/h4pygC8p7o4=", -1, Instant.parse("2023-07-12T15:56:35.979Z"),
          Duration.ofMillis(1), "not valid at SCT time 2023-07-12T15:56:35.979Z"),
      new Entry("Fulcio CA at the signing time", "happy-path-v0.1", "certificateAuthorities", null, 1,
          V01_INTEGRATED, Duration.ofSeconds(1), "not valid at 2023-07-12T15:56:36Z"),
      new Entry("TSA at the timestamp's time", "rekor2-happy-path", "timestampAuthorities", null, 0, V2_TSA_TIME,
          Duration.ofSeconds(1), "is not valid at timestamp 2025-06-12T12:02:20Z"));

  /** The case's trusted root with the entry's validFor replaced ({@code start}/{@code end} null: left out). */
  Path root(Entry e, Instant start, Instant end) throws Exception {
    Path dir = SigstoreConformanceTest.DIR.resolve(e.caseName());
    Path from = Files.exists(dir.resolve("trusted_root.json")) ? dir.resolve("trusted_root.json")
        : SigstoreConformanceTest.PROD;
    ObjectNode root = (ObjectNode) Json.tree(Files.readAllBytes(from));
    ObjectNode entry = null;
    var list = root.get(e.field());
    for (int i = 0; i < list.size(); i++) {
      boolean match = e.keyId() != null ? e.keyId().equals(list.get(i).get("logId").get("keyId").asString())
          : i == e.index();
      if (match) {
        entry = (ObjectNode) list.get(i);
      }
    }
    assertTrue(entry != null, "no " + e + " in " + from);
    ObjectNode holder = e.keyId() != null ? (ObjectNode) entry.get("publicKey") : entry;
    ObjectNode window = holder.putObject("validFor");
    if (start != null) {
      window.put("start", start.toString());
    }
    if (end != null) {
      window.put("end", end.toString());
    }
    Path out = Files.createTempFile(tmp, "trusted_root", ".json");
    Files.write(out, Json.mapper().writeValueAsBytes(root));
    return out;
  }

  Cli.Result verify(Entry e, Path root) throws Exception {
    List<String> a = new ArrayList<>(SigstoreConformanceTest.args(e.caseName(), false));
    a.set(a.indexOf("--trusted-root") + 1, root.toString());
    return Cli.run(a.toArray(String[]::new));
  }

  @TestFactory
  Stream<DynamicTest> verifyArtifact_windowBoundaries_closedIntervalAtTheProvenTime() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Entry e : ENTRIES) {
      Instant t = e.at();
      Instant before = Instant.parse("2020-01-01T00:00:00Z");
      tests.add(DynamicTest.dynamicTest(e + ": start at the time verifies", () -> {
        Cli.Result r = verify(e, root(e, t, null));
        assertEquals(0, r.code(), r::toString);
      }));
      tests.add(DynamicTest.dynamicTest(e + ": end at the time verifies", () -> {
        Cli.Result r = verify(e, root(e, before, t));
        assertEquals(0, r.code(), r::toString);
      }));
      tests.add(DynamicTest.dynamicTest(e + ": start just after the time is refused", () -> {
        Cli.Result r = verify(e, root(e, t.plus(e.step()), null));
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Verification FAILED: ") && l.contains(e.reason())),
            r::toString);
      }));
      tests.add(DynamicTest.dynamicTest(e + ": end just before the time is refused", () -> {
        Cli.Result r = verify(e, root(e, before, t.minus(e.step())));
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Verification FAILED: ") && l.contains(e.reason())),
            r::toString);
      }));
      tests.add(DynamicTest.dynamicTest(e + ": validFor without start is an invalid root", () -> {
        Cli.Result r = verify(e, root(e, null, t.plus(Duration.ofDays(1))));
        assertEquals(3, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        String window = e.keyId() != null ? ".publicKey.validFor.start" : ".validFor.start";
        assertTrue(r.err().matches("(?s).*" + e.field() + "\\[\\d+\\]" + window.replace(".", "\\.")
            + ": is required\\s*"), r::toString);
      }));
    }
    return tests.stream();
  }
}
