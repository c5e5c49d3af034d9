package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import dev.verdict.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuditLogTest {
  private static AuditLog.Entry entry(List<AuditLog.Image> images) {
    return new AuditLog.Entry(Instant.parse("2026-11-30T06:00:00Z"), "705ab4f5-6393-11e8-b7cc-42010a800002",
        "validate", "CREATE", "Pod", "shop", "web-1", "system:serviceaccount:kube-system:replicaset-controller",
        true, "deny", "sha256:abc", Duration.ofMillis(12), images);
  }

  @Test
  void write_entry_oneJsonLineWithEveryField() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Digest d = Results.digest("a");
    new AuditLog(out).write(entry(List.of(
        AuditLog.Image.of(Results.deny(d), "/spec/containers/0/image", "miss"),
        AuditLog.Image.of(Results.allow(Results.digest("b")), "/spec/initContainers/0/image", "hit"))));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n"));
    assertEquals(1, text.lines().count());
    JsonNode j = Json.mapper().readTree(text);
    assertEquals("705ab4f5-6393-11e8-b7cc-42010a800002", j.get("uid").asString());
    assertEquals("validate", j.get("webhook").asString());
    assertEquals("CREATE", j.get("operation").asString());
    assertEquals("Pod", j.get("kind").asString());
    assertEquals("shop", j.get("namespace").asString());
    assertEquals("web-1", j.get("name").asString());
    assertEquals("system:serviceaccount:kube-system:replicaset-controller", j.get("user").asString());
    assertTrue(j.get("dryRun").asBoolean());
    assertEquals("deny", j.get("decision").asString());
    assertEquals("sha256:abc", j.get("policySet").asString());
    assertEquals(0.012, j.get("latencySeconds").asDouble(), 1e-9);
    JsonNode first = j.get("images").get(0);
    assertEquals(Results.REPO + "@" + d, first.get("ref").asString());
    assertEquals("/spec/containers/0/image", first.get("path").asString());
    assertEquals(d.toString(), first.get("digest").asString());
    assertEquals("deny", first.get("decision").asString());
    assertEquals("no valid signature by key cosign.pub", first.get("reasons").get(0).asString());
    assertEquals("miss", first.get("cache").asString());
    JsonNode second = j.get("images").get(1);
    assertEquals("allow", second.get("decision").asString());
    assertEquals(0, second.get("reasons").size());
    assertEquals("hit", second.get("cache").asString());
  }

  @Test
  void write_hostileFields_escapedAndCappedStillOneLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String evil = "x\"}\n{\"decision\":\"allow\"}" + "y".repeat(10_000);
    List<AuditLog.Image> many = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      many.add(new AuditLog.Image(evil, evil, null, "deny", List.of(evil, evil, evil, evil, evil, evil, evil), "none"));
    }
    new AuditLog(out).write(new AuditLog.Entry(Instant.EPOCH, evil, "validate", "CREATE", evil, evil, evil, evil,
        false, "deny", "fp", Duration.ZERO, many));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count());
    JsonNode j = Json.mapper().readTree(text);
    assertEquals("deny", j.get("decision").asString());
    assertEquals(AuditLog.MAX_IMAGES, j.get("images").size());
    assertEquals(500 - AuditLog.MAX_IMAGES, j.get("imagesOmitted").asInt());
    assertEquals(AuditLog.MAX_REASONS, j.get("images").get(0).get("reasons").size());
    assertTrue(j.get("name").asString().length() <= AuditLog.MAX_FIELD + 3);
    assertTrue(text.length() < 2_000_000, "line of " + text.length());
  }

  @Test
  void write_brokenStream_countsTheFailureWithoutThrowing() {
    AuditLog log = new AuditLog(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }
    });
    log.write(entry(List.of()));
    assertEquals(1, log.failures());
  }

  @Test
  void write_concurrentWriters_linesNeverInterleave() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditLog log = new AuditLog(out);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 2000; i++) {
      pool.execute(() -> log.write(entry(List.of(AuditLog.Image.of(Results.deny(Results.digest("c")), "/p", "hit")))));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2000, lines.size());
    for (String l : lines) {
      assertEquals("deny", Json.mapper().readTree(l).get("decision").asString());
    }
  }

  @Test
  void image_ofResult_carriesNoEvidenceOrObjectContent() {
    String line = AuditLog.line(entry(List.of(AuditLog.Image.of(Results.allow(Results.digest("d")), "/p", "hit"))));
    assertFalse(line.contains("evidence"));
    assertFalse(line.contains("sha256:" + "ab".repeat(32)), "check evidence must stay out of the audit log");
  }
}
