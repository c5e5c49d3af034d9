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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    try (AuditLog log = new AuditLog(out)) {
      log.write(entry(List.of(
          AuditLog.Image.of(Results.deny(d), "/spec/containers/0/image", "miss"),
          AuditLog.Image.of(Results.allow(Results.digest("b")), "/spec/initContainers/0/image", "hit"))));
    }
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
    try (AuditLog log = new AuditLog(out)) {
      log.write(new AuditLog.Entry(Instant.EPOCH, evil, "validate", "CREATE", evil, evil, evil, evil,
          false, "deny", "fp", Duration.ZERO, many));
    }
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
    log.close();
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
    log.close();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2000, lines.size());
    for (String l : lines) {
      assertEquals("deny", Json.mapper().readTree(l).get("decision").asString());
    }
  }

  /** An output whose first write blocks until released: a disk or pipe that is slow for a moment. */
  private static final class SlowOutput extends OutputStream {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (writes.incrementAndGet() == 1) {
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      synchronized (got) {
        got.write(b, off, len);
      }
    }

    String text() {
      synchronized (got) {
        return got.toString(StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void write_whileTheOutputIsSlow_returnsAtOnceAndTheLinesFollowInOneWrite() throws Exception {
    SlowOutput out = new SlowOutput();
    AuditLog log = new AuditLog(out, Duration.ofMillis(10));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      log.write(entry(List.of()));
      assertTrue(out.blocked.await(10, TimeUnit.SECONDS)); // the first line's write blocks
      List<Future<?>> queued = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        queued.add(pool.submit(() -> log.write(entry(List.of()))));
      }
      for (Future<?> f : queued) {
        f.get(10, TimeUnit.SECONDS); // a slow output holds no request thread
      }
      assertEquals(1, out.writes.get(), "nothing but the blocked write was attempted while it blocked");
    } finally {
      out.release.countDown();
      pool.shutdown();
    }
    awaitLines(out, 21);
    assertEquals(2, out.writes.get(), "the 20 lines queued behind the slow write went out in one write");
    log.close();
  }

  @Test
  void write_manyLines_writtenTogetherWithinTheInterval() throws Exception {
    SlowOutput out = new SlowOutput();
    out.release.countDown();
    AuditLog log = new AuditLog(out);
    for (int i = 0; i < 500; i++) {
      log.write(entry(List.of()));
    }
    awaitLines(out, 500); // no flush, no close: the log's own thread writes them
    assertTrue(out.writes.get() <= 5, out.writes.get() + " writes for 500 lines");
    log.close();
  }

  @Test
  void close_linesStillPending_writesEveryOne() throws Exception {
    SlowOutput out = new SlowOutput();
    out.release.countDown();
    AuditLog log = new AuditLog(out, Duration.ofHours(1));
    for (int i = 0; i < 10; i++) {
      log.write(entry(List.of()));
    }
    assertEquals("", out.text(), "lines wait for the interval");
    log.close();
    assertEquals(10, out.text().lines().count());
    log.write(entry(List.of()));
    assertEquals(11, out.text().lines().count(), "a line after close is written at once");
  }

  private static void awaitLines(SlowOutput out, int lines) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (out.text().lines().count() < lines && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertEquals(lines, out.text().lines().count());
  }

  @Test
  void image_ofResult_carriesNoEvidenceOrObjectContent() {
    String line = AuditLog.line(entry(List.of(AuditLog.Image.of(Results.allow(Results.digest("d")), "/p", "hit"))));
    assertFalse(line.contains("evidence"));
    assertFalse(line.contains("sha256:" + "ab".repeat(32)), "check evidence must stay out of the audit log");
  }
}
