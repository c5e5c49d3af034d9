package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunnerTest {
  static ImageTarget target(String name) {
    return ImageTarget.of("r.example/" + name + ":1");
  }

  /** Verification that takes {@code millis[name]} and then allows. */
  static java.util.function.Function<ImageTarget, ImageResult> slow(Map<String, Long> millis) {
    return t -> {
      String name = t.reference().repository();
      try {
        Thread.sleep(millis.get(name));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ImageResult(t.given(), null, null, null, List.of(), List.of(), Decision.ERROR, List.of(),
            t.origins());
      }
      return new ImageResult(t.given(), null, null, null, List.of(), List.of(), Decision.ALLOW, List.of(),
          t.origins());
    };
  }

  @Test
  void run_imageQueuedBehindAFastOne_getsOnlyItsOwnTimeout() {
    // b starts when a ends (~10 ms) and needs 1.5 s: with a 600 ms deadline it must time out, though the run
    // is still inside 2 x 600 ms when b would have finished
    List<ImageResult> r = Runner.run(slow(Map.of("a", 10L, "b", 1000L)), List.of(target("a"), target("b")), 1,
        Duration.ofMillis(600), x -> { });
    assertEquals(Decision.ALLOW, r.get(0).decision());
    assertEquals(Decision.ERROR, r.get(1).decision());
    assertEquals("timed out after 600ms", r.get(1).checks().get(0).message());
  }

  @Test
  void run_imageQueuedBehindASlowOne_getsItsWholeTimeout() {
    // b waits ~450 ms for its slot, then needs 450 ms: within its own 600 ms deadline
    List<ImageResult> r = Runner.run(slow(Map.of("a", 450L, "b", 450L)), List.of(target("a"), target("b")), 1,
        Duration.ofMillis(600), x -> { });
    assertEquals(Decision.ALLOW, r.get(0).decision(), r.get(0).toString());
    assertEquals(Decision.ALLOW, r.get(1).decision(), r.get(1).toString());
  }

  @Test
  void run_stuckImage_freesItsSlotAndKeepsOrder() {
    long start = System.nanoTime();
    List<ImageResult> r = Runner.run(slow(Map.of("stuck", 60_000L, "ok", 1L)), List.of(target("stuck"),
        target("ok")), 1, Duration.ofMillis(300), x -> { });
    assertEquals(Decision.ERROR, r.get(0).decision());
    assertEquals(Decision.ALLOW, r.get(1).decision());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
  }

  @Test
  void verify_manyCallsOnOneInstance_shareABoundedPool() {
    try (Runner runner = new Runner(3)) {
      java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.function.Function<ImageTarget, ImageResult> record = t -> {
        seen.add(Thread.currentThread());
        return slow(Map.of(t.reference().repository(), 5L)).apply(t);
      };
      for (int call = 0; call < 20; call++) {
        List<ImageResult> r = runner.verify(record, List.of(target("a"), target("b"), target("c"), target("d")), 4,
            Duration.ofSeconds(10), x -> { });
        assertTrue(r.stream().allMatch(x -> x.decision() == Decision.ALLOW));
      }
      assertTrue(seen.size() <= 3, "threads used: " + seen.size());
      assertTrue(runner.threads() <= 3);
    }
  }

  @Test
  void verify_afterATimeoutOnTheSameThread_nextImageIsNotInterrupted() {
    try (Runner runner = new Runner(1)) {
      // the stuck image ignores its interrupt for a while, so the deadline fires while it still holds the thread
      java.util.function.Function<ImageTarget, ImageResult> stubborn = t -> {
        if (t.reference().repository().equals("stuck")) {
          long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
          while (System.nanoTime() < end) {
            Thread.onSpinWait();
          }
          return slow(Map.of("stuck", 0L)).apply(t);
        }
        return slow(Map.of(t.reference().repository(), 10L)).apply(t);
      };
      List<ImageResult> r = runner.verify(stubborn, List.of(target("stuck"), target("ok")), 1,
          Duration.ofMillis(100), x -> { });
      assertEquals(Decision.ERROR, r.get(0).decision());
      assertEquals(Decision.ALLOW, r.get(1).decision());
      List<ImageResult> again = runner.verify(stubborn, List.of(target("ok")), 1, Duration.ofSeconds(5), x -> { });
      assertEquals(Decision.ALLOW, again.get(0).decision());
    }
  }

  @Test
  void run_threadStuckInAnUninterruptibleCall_nextImageStartsAtOnce() {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.function.Function<ImageTarget, ImageResult> deaf = deafWhileStuck(release);
    long start = System.nanoTime();
    List<ImageResult> r = Runner.run(deaf, List.of(target("stuck"), target("ok")), 1, Duration.ofMillis(200),
        x -> { });
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    release.countDown();
    assertEquals(Decision.ERROR, r.get(0).decision());
    assertEquals(Decision.ALLOW, r.get(1).decision());
    assertTrue(ms < 5_000, "took " + ms + " ms");
  }

  @Test
  void verify_laterCallAfterAStuckOne_startsAtOnceOnAnotherThread() {
    // serve's shape: one call per image on one long-lived instance; a call stuck past its deadline (a black-holed
    // registry) must not make the next call queue behind its thread and miss its own deadline
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.function.Function<ImageTarget, ImageResult> deaf = deafWhileStuck(release);
    try (Runner runner = new Runner(64)) {
      List<ImageResult> first = runner.verify(deaf, List.of(target("stuck")), 1, Duration.ofMillis(100), x -> { });
      assertEquals(Decision.ERROR, first.get(0).decision());
      List<ImageResult> next = runner.verify(deaf, List.of(target("ok")), 1, Duration.ofSeconds(3), x -> { });
      assertEquals(Decision.ALLOW, next.get(0).decision(), next.get(0).checks().toString());
    } finally {
      release.countDown();
    }
  }

  @Test
  void verify_largeBoundSmallParallelism_startsOnlyTheThreadsTheCallNeeds() {
    try (Runner runner = new Runner(64)) {
      java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<ImageTarget> many = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        many.add(target("i" + i));
      }
      runner.verify(t -> {
        seen.add(Thread.currentThread());
        return slow(Map.of(t.reference().repository(), 1L)).apply(t);
      }, many, 2, Duration.ofSeconds(10), x -> { });
      assertTrue(seen.size() <= 2 * 2 + 2, "threads for --parallel 2: " + seen.size());
    }
  }

  @Test
  void verify_afterClose_undecidedNeverAllow() {
    Runner runner = new Runner(2);
    runner.close();
    List<ImageResult> r = runner.verify(slow(Map.of("a", 1L)), List.of(target("a")), 1, Duration.ofSeconds(5),
        x -> { });
    assertEquals(Decision.ERROR, r.get(0).decision());
  }

  @Test
  void format_givenDeadline_asWritten() {
    assertEquals("60s", Runner.format(Duration.ofSeconds(60)));
    assertEquals("120s", Runner.format(Duration.ofMinutes(2)));
    assertEquals("30s", Runner.format(Duration.ofSeconds(30)));
    assertEquals("250ms", Runner.format(Duration.ofMillis(250)));
  }

  /** Image "stuck" waits for {@code release}, ignoring interrupts as a thread in a socket read does. */
  static java.util.function.Function<ImageTarget, ImageResult> deafWhileStuck(
      java.util.concurrent.CountDownLatch release) {
    return t -> {
      if (t.reference().repository().equals("stuck")) {
        while (true) {
          try {
            release.await();
            break;
          } catch (InterruptedException ignored) {
            // keep waiting
          }
        }
      }
      return slow(Map.of(t.reference().repository(), 1L)).apply(t);
    };
  }
}
