package dev.verdict.engine;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Verifies many images with bounded concurrency and a deadline per image; results keep the targets' order. Each
 * image's deadline starts when its own work starts, not when the run starts: an image queued behind others gets
 * exactly the timeout, no more and no less. An image that misses its deadline is an ERROR result (could not decide),
 * never an allow, and its slot goes to the next image at once, even if its thread is stuck in a blocking call.
 */
public final class Runner {
  private Runner() {}

  public static List<ImageResult> verifyAll(Engine engine, List<ImageTarget> targets, int parallel,
      Duration timeout) {
    return verifyAll(engine, targets, parallel, timeout, r -> { });
  }

  /** As {@link #verifyAll(Engine, List, int, Duration)}, calling {@code done} as each result is collected. */
  public static List<ImageResult> verifyAll(Engine engine, List<ImageTarget> targets, int parallel,
      Duration timeout, Consumer<ImageResult> done) {
    return run(engine::verify, targets, parallel, timeout, done);
  }

  static List<ImageResult> run(Function<ImageTarget, ImageResult> verify, List<ImageTarget> targets, int parallel,
      Duration timeout, Consumer<ImageResult> done) {
    int slots = Math.max(1, Math.min(parallel, targets.size()));
    Semaphore free = new Semaphore(slots);
    ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "verdict-verify"));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "verdict-deadline"));
    ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> daemon(r, "verdict-dispatch"));
    List<CompletableFuture<ImageResult>> results = new ArrayList<>();
    targets.forEach(t -> results.add(new CompletableFuture<>()));
    try {
      dispatcher.submit(() -> {
        for (int i = 0; i < targets.size(); i++) {
          ImageTarget t = targets.get(i);
          CompletableFuture<ImageResult> result = results.get(i);
          try {
            free.acquire();
          } catch (InterruptedException e) {
            result.complete(failed(t, "interrupted"));
            continue;
          }
          result.whenComplete((r, e) -> free.release());
          workers.submit(() -> {
            Thread self = Thread.currentThread();
            // the deadline starts with the image's own work; a timed-out image is interrupted and its slot freed
            timer.schedule(() -> {
              if (result.complete(failed(t, "timed out after " + format(timeout)))) {
                self.interrupt();
              }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            try {
              result.complete(verify.apply(t));
            } catch (RuntimeException | Error e) {
              result.complete(failed(t, "internal error: " + e));
            }
          });
        }
      });
      List<ImageResult> out = new ArrayList<>();
      for (CompletableFuture<ImageResult> f : results) {
        ImageResult r;
        try {
          r = f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          r = failed(targets.get(out.size()), "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
          r = failed(targets.get(out.size()), "internal error: " + e.getCause());
        }
        done.accept(r);
        out.add(r);
      }
      return out;
    } finally {
      dispatcher.shutdownNow();
      workers.shutdownNow();
      timer.shutdownNow();
    }
  }

  /** {@code 30s} or {@code 250ms}: the deadline as given, not what was left of it. */
  static String format(Duration d) {
    return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
  }

  private static ImageResult failed(ImageTarget t, String why) {
    return new ImageResult(t.given(), null, null, null, List.of(), List.of(), Decision.ERROR,
        List.of(Check.of("image.verify", null, Status.ERROR, why, "a decision", "error")), t.origins());
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
