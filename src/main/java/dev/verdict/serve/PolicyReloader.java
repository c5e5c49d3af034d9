package dev.verdict.serve;

import dev.verdict.VerdictException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The policy set in service and its reload: when the watched files change, the whole set is loaded and validated
 * again; a set that loads replaces the old one for the next request (the old engine is closed a minute later, after
 * what was running on it), and one that does not is refused, the old set kept, and the metric says so.
 */
final class PolicyReloader implements AutoCloseable {
  /** How long a replaced engine stays open for the verifications still running on it. */
  static final long RETIRE_SECONDS = 60;
  /**
   * Polls of the policy files: a change is seen within this, settles for {@link FileWatcher#DEFAULT_SETTLE}, and
   * then loading, validating and the first verification under the new set must still fit WEBHOOK.md's 2 s.
   */
  static final java.time.Duration WATCH_INTERVAL = java.time.Duration.ofMillis(500);

  private final DeciderLoader loader;
  private final UnaryOperator<ImageDecider> wrap;
  private final Metrics metrics;
  private final Consumer<String> log;
  private final ScheduledExecutorService retire = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "verdict-retire");
    t.setDaemon(true);
    return t;
  });
  private volatile DeciderLoader.Loaded loaded;
  private volatile ImageDecider current;
  private FileWatcher watcher;

  /**
   * @param first the set loaded at start-up
   * @param wrap what each loaded engine is served through (the decision cache)
   * @param log one line per reload, for the operator
   */
  public PolicyReloader(DeciderLoader loader, DeciderLoader.Loaded first, UnaryOperator<ImageDecider> wrap,
      Metrics metrics, Consumer<String> log) {
    this.loader = loader;
    this.wrap = wrap;
    this.metrics = metrics;
    this.log = log;
    this.loaded = first;
    this.current = wrap.apply(first.decider());
    metrics.policySet(first.decider().fingerprint());
  }

  /** The decider for the next request. */
  public ImageDecider current() {
    return current;
  }

  /** Watches the policy files (and {@code extra} trust files) and reloads when they change. */
  public void watch(List<Path> extra) {
    List<Path> paths = new ArrayList<>(loader.policyPaths());
    paths.addAll(extra);
    watcher = FileWatcher.start(paths, WATCH_INTERVAL, FileWatcher.DEFAULT_SETTLE, this::reload);
  }

  /** Loads the set again; on success serves it, on failure keeps the old one. Never throws. */
  public synchronized void reload() {
    DeciderLoader.Loaded next;
    try {
      next = loader.load();
    } catch (VerdictException | RuntimeException e) {
      metrics.reloadFailed();
      log.accept("verdict serve: policy reload refused, still serving " + current.fingerprint() + ": "
          + e.getMessage());
      return;
    }
    DeciderLoader.Loaded old = loaded;
    loaded = next;
    current = wrap.apply(next.decider());
    metrics.reloadSucceeded(next.decider().fingerprint());
    log.accept("verdict serve: policy set " + next.decider().fingerprint() + " in service");
    retire.schedule(old::close, RETIRE_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    retire.shutdownNow();
    loaded.close();
  }
}
