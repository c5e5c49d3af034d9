package dev.verdict.serve;

import dev.verdict.Json;
import dev.verdict.result.Check;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON line per admission (WEBHOOK.md "Operations"): who asked for what, the decision, the policy set that took
 * it, how long it took, and per image the reference, where it was in the object, the digest, the image's decision,
 * the reasons and whether the decision cache answered. Never the object itself, its annotations, the user's groups
 * or extra fields, or anything from a credential. Text fields are capped so that a hostile object cannot make a
 * line huge.
 *
 * <p>Thread-safe: lines are written whole, one at a time, and flushed.
 */
final class AuditLog {
  static final int MAX_FIELD = 512;
  static final int MAX_REASONS = 5;
  static final int MAX_IMAGES = 64;

  private final OutputStream out;
  private final AtomicLong failures = new AtomicLong();

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
    this.out = out;
  }

  /**
   * Writes {@code e} as one line. Never throws: an audit line that cannot be written must not turn into an HTTP
   * error (that would fail open under {@code failurePolicy: Ignore}); {@link #failures} counts them for a metric.
   */
  public void write(Entry e) {
    byte[] line = (line(e) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      try {
        out.write(line);
        out.flush();
      } catch (IOException | RuntimeException ex) {
        failures.incrementAndGet();
      }
    }
  }

  /** Lines that could not be written. */
  public long failures() {
    return failures.get();
  }

  /** {@code e} as one line of JSON (no newline). */
  static String line(Entry e) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("time", e.time() == null ? null : e.time().toString());
    o.put("uid", cap(e.uid()));
    o.put("webhook", cap(e.webhook()));
    o.put("operation", cap(e.operation()));
    o.put("kind", cap(e.kind()));
    o.put("namespace", cap(e.namespace()));
    o.put("name", cap(e.name()));
    o.put("user", cap(e.user()));
    o.put("dryRun", e.dryRun());
    o.put("decision", cap(e.decision()));
    o.put("policySet", cap(e.policySet()));
    o.put("latencySeconds", e.latency() == null ? 0 : e.latency().toNanos() / 1e9);
    ArrayNode images = o.putArray("images");
    for (Image i : e.images().subList(0, Math.min(MAX_IMAGES, e.images().size()))) {
      ObjectNode n = images.addObject();
      n.put("ref", cap(i.ref()));
      n.put("path", cap(i.path()));
      n.put("digest", cap(i.digest()));
      n.put("decision", cap(i.decision()));
      ArrayNode reasons = n.putArray("reasons");
      i.reasons().stream().limit(MAX_REASONS).forEach(r -> reasons.add(cap(r)));
      n.put("cache", cap(i.cache()));
    }
    if (e.images().size() > MAX_IMAGES) {
      o.put("imagesOmitted", e.images().size() - MAX_IMAGES);
    }
    return Json.mapper().writeValueAsString(o);
  }

  private static String cap(String s) {
    if (s == null || s.length() <= MAX_FIELD) {
      return s;
    }
    return s.substring(0, MAX_FIELD) + "...";
  }
}
