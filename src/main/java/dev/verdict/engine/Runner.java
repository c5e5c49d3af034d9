package dev.verdict.engine;

import dev.verdict.report.Check;
import dev.verdict.report.Decision;
import dev.verdict.report.ImageResult;
import dev.verdict.report.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Verifies many images with bounded concurrency and a deadline per image; results keep the targets' order. An
 * image that misses its deadline is an ERROR result (could not decide), never an allow.
 */
public final class Runner {
  private Runner() {}

  public static List<ImageResult> verifyAll(Engine engine, List<ImageTarget> targets, int parallel,
      Duration timeout) {
    return verifyAll(engine, targets, parallel, timeout, r -> { });
  }

  /** As {@link #verifyAll(Engine, List, int, Duration)}, calling {@code done} as each result is collected. */
  public static List<ImageResult> verifyAll(Engine engine, List<ImageTarget> targets, int parallel,
      Duration timeout, java.util.function.Consumer<ImageResult> done) {
    int threads = Math.max(1, Math.min(parallel, targets.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, Runner::daemon);
    try {
      List<Future<ImageResult>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (ImageTarget t : targets) {
        futures.add(pool.submit(() -> engine.verify(t)));
      }
      List<ImageResult> out = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        // image i starts at the latest after i / threads images before it have used their whole deadline
        long waited = System.nanoTime() - start;
        long budget = timeout.toNanos() * (1 + i / threads);
        ImageResult r = await(futures.get(i), targets.get(i), Duration.ofNanos(Math.max(1, budget - waited)));
        done.accept(r);
        out.add(r);
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static ImageResult await(Future<ImageResult> f, ImageTarget t, Duration timeout) {
    try {
      return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return failed(t, "timed out after " + timeout.toSeconds() + "s");
    } catch (ExecutionException e) {
      return failed(t, "internal error: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(t, "interrupted");
    }
  }

  private static ImageResult failed(ImageTarget t, String why) {
    return new ImageResult(t.given(), null, null, null, List.of(), List.of(), Decision.ERROR,
        List.of(Check.of("image.verify", null, Status.ERROR, why, "a decision", "error")), t.origins());
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "verdict-verify");
    t.setDaemon(true);
    return t;
  }
}
