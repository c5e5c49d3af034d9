package dev.verdict.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches files and directories (the policy directory, the TLS certificate and key) by hashing their content every
 * {@code interval} and calls back once their content has changed and then stayed the same for {@code settle}.
 *
 * <p>Polling content hashes rather than {@code WatchService}: Kubernetes ConfigMap and Secret volumes never modify
 * the files a pod reads. They write a new {@code ..<timestamp>} directory and atomically replace the {@code ..data}
 * symlink that the visible names point through, then delete the old directory; inotify on the visible names sees
 * nothing, and an editor's save, a {@code mv} over the file or a swap all look the same to a hash. Paths are read
 * through symlinks; names starting with {@code ..} (the volume's own bookkeeping) are skipped, so one swap changes
 * the hash once. The settle delay makes a swap observed half-way (one file old, one new) wait for a stable state.
 *
 * <p>The callback runs on the watcher's thread; it loads and validates the new files itself and keeps the old ones
 * when they are broken. The watcher does not retry a callback: a refused set is refused until the files change
 * again. An exception from the callback is caught so that watching goes on. Start the watcher before the first
 * load: a change made between the load and the start would otherwise go unseen (the other order costs at most one
 * needless reload).
 */
final class FileWatcher implements AutoCloseable {
  /** WEBHOOK.md reload target: effective within 2 s; a 1 s poll and a 250 ms settle leave time to load. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_SETTLE = Duration.ofMillis(250);
  private static final int MAX_DEPTH = 4;
  private static final long MAX_FILE_BYTES = 64L << 20;

  private final List<Path> paths;
  private final Duration interval;
  private final Duration settle;
  private final Runnable onChange;
  private final ScheduledExecutorService scheduler;
  private String applied;
  private String pending;

  FileWatcher(List<Path> paths, Duration interval, Duration settle, Runnable onChange) {
    this.paths = List.copyOf(paths);
    this.interval = interval;
    this.settle = settle;
    this.onChange = onChange;
    this.applied = hash(this.paths);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "verdict-file-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts watching {@code paths} as they are now; {@code onChange} runs after each settled change. Close to stop.
   */
  public static FileWatcher start(List<Path> paths, Duration interval, Duration settle, Runnable onChange) {
    FileWatcher w = new FileWatcher(paths, interval, settle, onChange);
    w.scheduler.schedule(w::tick, interval.toNanos(), TimeUnit.NANOSECONDS);
    return w;
  }

  /** {@link #start} with the default interval and settle delay. */
  public static FileWatcher start(List<Path> paths, Runnable onChange) {
    return start(paths, DEFAULT_INTERVAL, DEFAULT_SETTLE, onChange);
  }

  /** The content hash the last callback (or the start) saw. */
  public synchronized String applied() {
    return applied;
  }

  private void tick() {
    Duration next;
    try {
      next = poll();
    } catch (RuntimeException e) {
      next = interval;
    }
    if (!scheduler.isShutdown()) {
      scheduler.schedule(this::tick, next.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** One poll: hashes the paths, calls back when a change has settled; returns when to poll next. */
  synchronized Duration poll() {
    String now = hash(paths);
    if (now.equals(applied)) {
      pending = null;
      return interval;
    }
    if (!now.equals(pending)) {
      pending = now; // changed since the last look: wait for it to settle
      return settle;
    }
    applied = now;
    pending = null;
    try {
      onChange.run();
    } catch (RuntimeException e) {
      // the callback reports its own failures (metric, log); watching goes on
    }
    return interval;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** SHA-256 over every watched path's name and content (a missing or unreadable path hashes as such). */
  static String hash(List<Path> paths) {
    MessageDigest sha = sha256();
    for (Path p : paths) {
      add(sha, p, p.toString(), 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void add(MessageDigest sha, Path p, String name, int depth) {
    update(sha, "\u0000path " + name + "\u0000");
    try {
      if (Files.isDirectory(p)) {
        update(sha, "dir");
        if (depth >= MAX_DEPTH) {
          return;
        }
        List<Path> children = new ArrayList<>();
        try (Stream<Path> s = Files.list(p)) {
          s.filter(c -> !c.getFileName().toString().startsWith("..")).sorted().forEach(children::add);
        }
        for (Path c : children) {
          add(sha, c, name + "/" + c.getFileName(), depth + 1);
        }
      } else if (Files.isRegularFile(p)) {
        long size = Files.size(p);
        update(sha, "file " + size + "\u0000");
        try (InputStream in = Files.newInputStream(p)) {
          byte[] buf = new byte[8192];
          long left = MAX_FILE_BYTES;
          for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; left -= n) {
            sha.update(buf, 0, n);
          }
        }
      } else {
        update(sha, Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "dangling" : "missing");
      }
    } catch (IOException | SecurityException e) {
      update(sha, "unreadable " + e.getClass().getName());
    }
  }

  private static void update(MessageDigest sha, String s) {
    sha.update(s.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
