package dev.verdict.engine;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Verifies many images with bounded concurrency and a deadline per image; results keep the targets' order. Each
 * image's deadline starts when its own work starts, not when the run starts: an image queued behind others gets
 * exactly the timeout, no more and no less. An image that misses its deadline is an ERROR result (could not decide),
 * never an allow, and its slot goes to the next image at once, even if its thread is stuck in a blocking call.
 *
 * <p>An instance owns one bounded pool of workers and one deadline timer for as long as it is open (the
 * {@link Verifier}'s life); any number of {@link #verify} calls share them. Idle workers end after a while, so an
 * idle instance holds no thread. The pool is larger than the parallelism asked for, so threads stuck past their
 * image's deadline (until the registry client's own per-call deadline ends their call) do not hold up the next
 * images; only when every thread is busy do images queue, and their deadlines start when they leave the queue.
 */
final class Runner implements AutoCloseable {
  /** Workers an instance runs at most; calls beyond it queue (their deadlines start when their work starts). */
  static final int DEFAULT_THREADS = 64;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;

  private final int maxThreads;
  private int demand;
  /** Workers still in a call whose image already timed out; they hold a pool thread but no longer a slot. */
  private int stuck;

  Runner(int threads) {
    AtomicInteger n = new AtomicInteger();
    maxThreads = threads;
    // threads are started for the calls in flight (their parallelism and spares), not up to the bound at once
    workers = new ThreadPoolExecutor(1, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> daemon(r, "verdict-verify-" + n.incrementAndGet()));
    workers.allowCoreThreadTimeOut(true);
    timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "verdict-deadline"));
    timer.setRemoveOnCancelPolicy(true); // a met deadline leaves nothing queued behind, however many images pass
    timer.setKeepAliveTime(30, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  public static List<ImageResult> verifyAll(Engine engine, List<ImageTarget> targets, int parallel,
      Duration timeout) {
    return verifyAll(engine, targets, parallel, timeout, r -> { });
  }

  /** As {@link #verifyAll(Engine, List, int, Duration)}, calling {@code done} as each result is collected. */
  public static List<ImageResult> verifyAll(Engine engine, List<ImageTarget> targets, int parallel,
      Duration timeout, Consumer<ImageResult> done) {
    return run(engine::verify, targets, parallel, timeout, done);
  }

  /** One run on a pool of its own, closed when the run ends. */
  static List<ImageResult> run(Function<ImageTarget, ImageResult> verify, List<ImageTarget> targets, int parallel,
      Duration timeout, Consumer<ImageResult> done) {
    // spare threads beyond parallel: a timed-out image whose thread is stuck in a blocking call gives its slot to
    // the next image at once, on another thread
    int threads = Math.max(1, Math.min(Math.max(1, parallel) * 2 + 2, targets.size()));
    try (Runner r = new Runner(threads)) {
      return r.verify(verify, targets, parallel, timeout, done);
    }
  }

  /** Threads alive in the pool now (for tests). */
  int threads() {
    return workers.getPoolSize();
  }

  /**
   * Verifies {@code targets}, at most {@code parallel} at once (and at most the pool's size across all calls),
   * each within {@code timeout} from when its own work starts.
   */
  List<ImageResult> verify(Function<ImageTarget, ImageResult> verify, List<ImageTarget> targets, int parallel,
      Duration timeout, Consumer<ImageResult> done) {
    int slots = Math.max(1, Math.min(parallel, targets.size()));
    int want = Math.min(targets.size(), slots * 2 + 2);
    demand(want);
    try {
      return dispatch(verify, targets, slots, timeout, done);
    } finally {
      demand(-want);
    }
  }

  /** Threads the calls in flight may use: their parallelism plus spares, within the bound. */
  private synchronized void demand(int delta) {
    demand += delta;
    resize();
  }

  private synchronized void stuck(int delta) {
    stuck += delta;
    resize();
  }

  /**
   * Workers are started only while fewer than the core size run, and a stuck worker still counts as running: the
   * core covers the calls in flight plus the stuck, or a stuck thread would make the next image wait in the queue
   * (and miss its own deadline) behind a call that no longer matters.
   */
  private synchronized void resize() {
    int core = Math.max(1, Math.min(maxThreads, demand + Math.max(0, stuck)));
    if (core != workers.getCorePoolSize() && !workers.isShutdown()) {
      workers.setCorePoolSize(core);
    }
  }

  private List<ImageResult> dispatch(Function<ImageTarget, ImageResult> verify, List<ImageTarget> targets, int slots,
      Duration timeout, Consumer<ImageResult> done) {
    List<CompletableFuture<ImageResult>> results = new ArrayList<>(targets.size());
    targets.forEach(t -> results.add(new CompletableFuture<>()));
    AtomicInteger next = new AtomicInteger();
    // each finished image (done, failed or timed out) starts the next one: no dispatcher thread per call
    Runnable startNext = new Runnable() {
      @Override
      public void run() {
        int i = next.getAndIncrement();
        if (i >= targets.size()) {
          return;
        }
        CompletableFuture<ImageResult> result = results.get(i);
        result.whenComplete((r, e) -> this.run());
        submit(verify, targets.get(i), result, timeout);
      }
    };
    for (int i = 0; i < slots; i++) {
      startNext.run();
    }
    List<ImageResult> out = new ArrayList<>(targets.size());
    boolean interrupted = false;
    for (CompletableFuture<ImageResult> f : results) {
      ImageResult r;
      try {
        r = interrupted ? f.getNow(null) : f.get();
        if (r == null) {
          f.complete(failed(targets.get(out.size()), "interrupted"));
          r = f.join();
        }
      } catch (InterruptedException e) {
        interrupted = true;
        f.complete(failed(targets.get(out.size()), "interrupted"));
        r = f.join();
      } catch (java.util.concurrent.ExecutionException e) {
        r = failed(targets.get(out.size()), "internal error: " + e.getCause());
      }
      done.accept(r);
      out.add(r);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  private void submit(Function<ImageTarget, ImageResult> verify, ImageTarget t,
      CompletableFuture<ImageResult> result, Duration timeout) {
    Running running = new Running();
    try {
      workers.execute(() -> {
        if (!running.start(Thread.currentThread())) {
          return; // the call was abandoned (interrupted) before this image's turn
        }
        // the deadline starts with the image's own work; a timed-out image is interrupted and its slot freed
        ScheduledFuture<?> deadline = timer.schedule(() -> {
          if (result.complete(failed(t, "timed out after " + format(timeout))) && running.interrupt()) {
            stuck(1);
          }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
          result.complete(verify.apply(t));
        } catch (RuntimeException | Error e) {
          result.complete(failed(t, "internal error: " + e));
        } finally {
          deadline.cancel(false);
          if (running.finish()) {
            stuck(-1);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      result.complete(failed(t, "the verifier is closed"));
    }
    result.whenComplete((r, e) -> {
      if (r != null && r.decision() == Decision.ERROR) {
        running.abandon();
      }
    });
  }

  /**
   * The worker thread of one image, so that a deadline interrupts that image's work and never a later image that
   * the same pooled thread has moved on to.
   */
  private static final class Running {
    private Thread thread;
    private boolean over;
    private boolean stuck;

    synchronized boolean start(Thread t) {
      if (over) {
        return false;
      }
      thread = t;
      return true;
    }

    /** Interrupts the image's work; true when a thread was still in it (it now counts as stuck until it ends). */
    synchronized boolean interrupt() {
      over = true;
      if (thread != null) {
        thread.interrupt();
        stuck = true;
        return true;
      }
      return false;
    }

    synchronized void abandon() {
      over = true;
    }

    /** The work ended; true when it had been counted as stuck. */
    boolean finish() {
      boolean wasStuck;
      synchronized (this) {
        thread = null;
        over = true;
        wasStuck = stuck;
      }
      Thread.interrupted(); // a deadline that fired as the work ended must not reach the pool's next task
      return wasStuck;
    }
  }

  @Override
  public void close() {
    workers.shutdownNow();
    timer.shutdownNow();
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
