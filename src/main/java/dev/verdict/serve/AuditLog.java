package dev.verdict.serve;

import dev.verdict.Json;
import dev.verdict.result.Check;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JsonGenerator;

/**
 * One JSON line per admission (WEBHOOK.md "Operations"): who asked for what, the decision, the policy set that took
 * it, how long it took, and per image the reference, where it was in the object, the digest, the image's decision,
 * the reasons and whether the decision cache answered. Never the object itself, its annotations, the user's groups
 * or extra fields, or anything from a credential. Text fields are capped so that a hostile object cannot make a
 * line huge.
 *
 * <p>Thread-safe: lines are written whole and never interleave. Lines are buffered and written together, at most
 * {@link #FLUSH_INTERVAL} after the first of them, by a daemon thread of this log (one write and flush per line cost
 * about 5% of the server's CPU per cached admission, and a slow log reader would stall request threads); a request
 * thread writes only when {@link #MAX_PENDING_BYTES} are waiting, so a reader that stops makes requests wait rather
 * than lines vanish. {@link #close} (the SIGTERM drain calls it) writes every pending line.
 */
final class AuditLog implements AutoCloseable {
  static final int MAX_FIELD = 512;
  static final int MAX_REASONS = 5;
  static final int MAX_IMAGES = 64;
  /** The longest a line waits in memory before it is written and flushed. */
  static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);
  /** Lines kept in memory at most; past it the writer of a line writes them all itself. */
  static final int MAX_PENDING_BYTES = 1 << 20;

  private final OutputStream out;
  private final Duration interval;
  private final AtomicLong failures = new AtomicLong();
  /** Guards {@link #pending} and {@link #pendingLines}. */
  private final Object pendingLock = new Object();
  private ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
  private int pendingLines;
  /** Held while a batch is written, so that batches go out whole and in order. */
  private final Object writeLock = new Object();
  private final Thread flusher;
  private volatile boolean closed;

  /** One image of an admission. {@code cache} is a {@link DecisionCache.How} label, or "none". */
  public record Image(String ref, String path, String digest, String decision, List<String> reasons, String cache) {
    public Image {
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /**
     * The audit view of a decided image: the reasons are the messages of its failing, undecided and warning
     * checks, first ones first.
     */
    public static Image of(ImageResult r, String path, String cache) {
      List<String> reasons = new ArrayList<>();
      for (Check c : r.checks()) {
        if (c.status() == Status.FAIL || c.status() == Status.ERROR || c.status() == Status.WARN) {
          reasons.add(c.message());
        }
      }
      return new Image(r.reference(), path, r.digest(), r.decision().label(), reasons, cache);
    }
  }

  /**
   * One admission.
   *
   * @param webhook validate, mutate or review
   * @param user the requesting user's name only
   * @param decision allow, warn, deny or error (as the response said; a mutate says allow)
   * @param policySet the fingerprint of the policy set that decided
   */
  public record Entry(Instant time, String uid, String webhook, String operation, String kind, String namespace,
      String name, String user, boolean dryRun, String decision, String policySet, Duration latency,
      List<Image> images) {
    public Entry {
      images = images == null ? List.of() : List.copyOf(images);
    }
  }

  public AuditLog(OutputStream out) {
    this(out, FLUSH_INTERVAL);
  }

  AuditLog(OutputStream out, Duration interval) {
    this.out = out;
    this.interval = interval;
    this.flusher = new Thread(this::flushRegularly, "verdict-audit");
    flusher.setDaemon(true);
    flusher.start();
  }

  /**
   * Queues {@code e} as one line; it is written within {@link #FLUSH_INTERVAL}. Never throws: an audit line that
   * cannot be written must not turn into an HTTP error (that would fail open under {@code failurePolicy: Ignore});
   * {@link #failures} counts them for a metric.
   */
  public void write(Entry e) {
    byte[] line;
    try {
      line = bytes(e);
    } catch (RuntimeException ex) {
      failures.incrementAndGet();
      return;
    }
    boolean full;
    synchronized (pendingLock) {
      if (pendingLines == 0) {
        pendingLock.notifyAll(); // the flusher waits for a first line
      }
      pending.write(line, 0, line.length);
      pendingLines++;
      full = pending.size() >= MAX_PENDING_BYTES;
    }
    if (full || closed) {
      flush();
    }
  }

  /** Writes and flushes every line queued before the call (a failed write counts its lines in {@link #failures}). */
  public void flush() {
    synchronized (writeLock) {
      ByteArrayOutputStream batch;
      int lines;
      synchronized (pendingLock) {
        if (pendingLines == 0) {
          return;
        }
        batch = pending;
        lines = pendingLines;
        pending = new ByteArrayOutputStream(64 * 1024);
        pendingLines = 0;
      }
      try {
        batch.writeTo(out);
        out.flush();
      } catch (IOException | RuntimeException ex) {
        failures.addAndGet(lines);
      }
    }
  }

  /** Stops the flushing thread and writes every pending line; lines written after it are written at once. */
  @Override
  public void close() {
    synchronized (pendingLock) {
      closed = true;
      pendingLock.notifyAll();
    }
    try {
      flusher.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }

  /** The flusher: waits for a first pending line, gives others {@link #interval} to join it, writes them. */
  private void flushRegularly() {
    try {
      while (!closed) {
        synchronized (pendingLock) {
          while (pendingLines == 0 && !closed) {
            pendingLock.wait();
          }
          long until = System.nanoTime() + interval.toNanos();
          for (long left = interval.toNanos(); left > 0 && !closed; left = until - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(pendingLock, left);
          }
        }
        flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() writes what is left
    }
  }

  /** Lines that could not be written. */
  public long failures() {
    return failures.get();
  }

  /** {@code e} as one line of JSON (no newline). */
  static String line(Entry e) {
    byte[] b = bytes(e);
    return new String(b, 0, b.length - 1, StandardCharsets.UTF_8);
  }

  /** {@code e} as one line of JSON and its newline, written straight to bytes (no tree, no string). */
  private static byte[] bytes(Entry e) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = Json.factory().createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringProperty("time", e.time() == null ? null : e.time().toString());
      g.writeStringProperty("uid", cap(e.uid()));
      g.writeStringProperty("webhook", cap(e.webhook()));
      g.writeStringProperty("operation", cap(e.operation()));
      g.writeStringProperty("kind", cap(e.kind()));
      g.writeStringProperty("namespace", cap(e.namespace()));
      g.writeStringProperty("name", cap(e.name()));
      g.writeStringProperty("user", cap(e.user()));
      g.writeBooleanProperty("dryRun", e.dryRun());
      g.writeStringProperty("decision", cap(e.decision()));
      g.writeStringProperty("policySet", cap(e.policySet()));
      g.writeNumberProperty("latencySeconds", e.latency() == null ? 0 : e.latency().toNanos() / 1e9);
      g.writeArrayPropertyStart("images");
      for (Image i : e.images().subList(0, Math.min(MAX_IMAGES, e.images().size()))) {
        g.writeStartObject();
        g.writeStringProperty("ref", cap(i.ref()));
        g.writeStringProperty("path", cap(i.path()));
        g.writeStringProperty("digest", cap(i.digest()));
        g.writeStringProperty("decision", cap(i.decision()));
        g.writeArrayPropertyStart("reasons");
        for (String r : i.reasons().subList(0, Math.min(MAX_REASONS, i.reasons().size()))) {
          g.writeString(cap(r));
        }
        g.writeEndArray();
        g.writeStringProperty("cache", cap(i.cache()));
        g.writeEndObject();
      }
      g.writeEndArray();
      if (e.images().size() > MAX_IMAGES) {
        g.writeNumberProperty("imagesOmitted", e.images().size() - MAX_IMAGES);
      }
      g.writeEndObject();
    }
    buf.write('\n');
    return buf.toByteArray();
  }

  private static String cap(String s) {
    if (s == null || s.length() <= MAX_FIELD) {
      return s;
    }
    return s.substring(0, MAX_FIELD) + "...";
  }
}
