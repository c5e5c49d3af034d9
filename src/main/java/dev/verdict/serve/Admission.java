package dev.verdict.serve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verdict.ConfigException;
import dev.verdict.Json;
import dev.verdict.engine.ImageTarget;
import dev.verdict.engine.Verifier;
import dev.verdict.k8s.ImageOccurrence;
import dev.verdict.k8s.ManifestImages;
import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.Mode;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import dev.verdict.serve.AdmissionResponse.ImageVerdict;
import dev.verdict.serve.AdmissionResponse.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;

/**
 * The webhook pipeline, shared by {@code verdict serve} and {@code verdict admission review}: which images of a
 * request are verified, each decided by the engine through an {@link ImageDecider} before the deadline, and the
 * verdicts folded into one AdmissionReview response (WEBHOOK.md, "Failure semantics"). It never throws for a
 * per-request problem and never answers "allowed" on an error.
 */
final class Admission {
  /** Longest {@code status.message} (the apiserver shows it to the user; kubectl prints it on one line). */
  static final int MAX_MESSAGE_BYTES = 1024;
  static final int MAX_WARNING_CHARS = 256;
  static final int MAX_WARNINGS = 16;
  private static final int MAX_ANNOTATION_CHARS = 1024;

  /** The reason of an image the deadline left undecided (also how the server counts deadlines exceeded). */
  static final String DEADLINE = "no decision before the admission deadline";

  private final Supplier<ImageDecider> decider;
  private final ExecutorService work;
  private final boolean warnOnly;

  /**
   * @param decider the current decider (a policy reload swaps it; each request uses one throughout)
   * @param work where images are decided; a full pool is "could not decide", never an allow
   * @param warnOnly {@code --mode warn}: every deny becomes an allow with a warning
   */
  public Admission(Supplier<ImageDecider> decider, ExecutorService work, boolean warnOnly) {
    this.decider = decider;
    this.work = work;
    this.warnOnly = warnOnly;
  }

  /** {@code /validate}: the decision, taken before {@code deadlineNanos} ({@link System#nanoTime()}). */
  public AdmissionResponse validate(AdmissionRequest r, long deadlineNanos) {
    ImageDecider d = decider.get();
    AdmissionImages.Selection selection;
    try {
      selection = AdmissionImages.select(r);
    } catch (ConfigException e) {
      return AdmissionResponse.denied(r, Outcome.DENY, 400, truncate("verdict: cannot read the images of this "
          + r.kind() + ": " + e.getMessage() + "; an image verdict cannot read is never allowed"));
    }
    if (selection.skip() != null) {
      return allowed(r, List.of(), List.of(), d, null);
    }
    if (selection.noneFound()) {
      return allowed(r, List.of("verdict: " + r.kind() + " holds no pod template and no image; nothing verified"),
          List.of(), d, null);
    }
    if (selection.images().isEmpty()) {
      return allowed(r, List.of(), List.of(), d, null); // an UPDATE that brings no new image
    }
    Map<String, List<Origin>> byImage = ManifestImages.byImage(selection.images());
    List<String> given = new ArrayList<>(byImage.keySet());
    List<CompletableFuture<ImageDecider.Decided>> futures = new ArrayList<>();
    Map<String, Reference> refs = new LinkedHashMap<>();
    for (String image : given) {
      List<Origin> origins = byImage.get(image);
      Reference ref;
      try {
        ref = registryReference(image);
      } catch (IllegalArgumentException e) {
        futures.add(CompletableFuture.completedFuture(new ImageDecider.Decided(refused(image, origins,
            e.getMessage()), "none")));
        continue;
      }
      refs.put(image, ref);
      ImageDecider.Decided hit = cached(d, new ImageTarget(image, ref, origins), deadlineNanos);
      futures.add(hit != null ? CompletableFuture.completedFuture(hit)
          : submit(() -> decideOne(d, image, ref, origins, deadlineNanos)));
    }
    List<ImageDecider.Decided> results = await(futures, deadlineNanos, i -> new ImageDecider.Decided(
        undecided(given.get(i), byImage.get(given.get(i)), DEADLINE), "none"));
    return fold(r, d, results, refs);
  }

  /**
   * {@code /mutate}: pins the tag of every image a policy matches (and that no matching policy opts out of with
   * {@code mutate: false}) to the digest it resolves to now; never denies.
   */
  public AdmissionResponse mutate(AdmissionRequest r, long deadlineNanos) {
    ImageDecider d = decider.get();
    AdmissionImages.Selection selection;
    try {
      selection = AdmissionImages.select(r);
    } catch (ConfigException e) {
      return allowed(r, List.of(truncate("verdict: nothing pinned: " + e.getMessage())), List.of(), d, null);
    }
    Map<String, List<ImageOccurrence>> pin = new LinkedHashMap<>();
    Map<String, Reference> refs = new LinkedHashMap<>();
    for (ImageOccurrence o : selection.images()) {
      Reference ref;
      try {
        ref = registryReference(o.image());
      } catch (IllegalArgumentException e) {
        continue; // /validate denies it; nothing to pin
      }
      if (ref.digest() != null) {
        continue; // already pinned: idempotent
      }
      List<ImagePolicy> matching = d.matching(ref);
      if (matching.isEmpty() || matching.stream().anyMatch(p -> !p.mutate())) {
        continue;
      }
      refs.put(o.image(), ref);
      pin.computeIfAbsent(o.image(), k -> new ArrayList<>()).add(o);
    }
    List<String> images = new ArrayList<>(pin.keySet());
    List<CompletableFuture<Verifier.Resolution>> futures = new ArrayList<>();
    for (String image : images) {
      Reference ref = refs.get(image);
      futures.add(submit(() -> d.resolve(ref)));
    }
    List<Verifier.Resolution> resolved = await(futures, deadlineNanos,
        i -> new Verifier.Resolution(refs.get(images.get(i)), null, "not resolved before the admission deadline"));
    ArrayNode patch = Json.mapper().createArrayNode();
    List<String> warnings = new ArrayList<>();
    List<ImageVerdict> verdicts = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String image = images.get(i);
      Verifier.Resolution res = resolved.get(i);
      for (ImageOccurrence o : pin.get(image)) {
        if (res.resolved()) {
          patch.addObject().put("op", "replace").put("path", o.jsonPointer())
              .put("value", pinned(image, res.digest()));
        }
        verdicts.add(new ImageVerdict(image, o.origin().path(), res.resolved() ? res.digest().toString() : null,
            res.resolved() ? "pinned" : "unpinned", res.failure() == null ? List.of() : List.of(res.failure()),
            "none"));
      }
      if (!res.resolved()) {
        warnings.add("verdict: " + image + " left unpinned: " + res.failure());
      } else {
        // /validate will decide the pinned digest: start that now (a caching decider remembers it)
        d.prewarm(new ImageTarget(pinned(image, res.digest()), refs.get(image).withDigest(res.digest()),
            pin.get(image).stream().map(ImageOccurrence::origin).toList()));
      }
    }
    byte[] bytes = patch.isEmpty() ? null : Json.mapper().writeValueAsBytes(patch);
    return allowed(r, warnings, verdicts, d, bytes);
  }

  /**
   * Decides the image as written, exactly as {@code verdict verify IMAGE} does: a tag is resolved by the engine in
   * the same call, so a policy or exception that names a tag applies as in the CLI, and the result carries the
   * digest that was verified.
   */
  private ImageDecider.Decided decideOne(ImageDecider d, String image, Reference ref, List<Origin> origins,
      long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return new ImageDecider.Decided(undecided(image, origins, DEADLINE), "none");
    }
    return d.decideTraced(new ImageTarget(image, ref, origins), Duration.ofNanos(left));
  }

  /**
   * A cached decision taken on the request's thread: a hit needs no verification, so handing it to the pool would
   * only add two thread switches and a wait (most of a cached admission's cost). Null when nothing is cached, the
   * deadline has passed (the pool path answers that), or the cache could not be read (the pool path decides).
   */
  private static ImageDecider.Decided cached(ImageDecider d, ImageTarget target, long deadlineNanos) {
    if (deadlineNanos - System.nanoTime() <= 0) {
      return null;
    }
    try {
      return d.cached(target);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private <T> CompletableFuture<T> submit(Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, work);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Each future's value if it completed normally before the deadline, else {@code late.apply(index)}. */
  private static <T> List<T> await(List<CompletableFuture<T>> futures, long deadlineNanos,
      java.util.function.IntFunction<T> late) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // timed out, or a task failed: each is looked at below
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      CompletableFuture<T> f = futures.get(i);
      out.add(f.isDone() && !f.isCompletedExceptionally() ? f.join() : late.apply(i));
    }
    return out;
  }

  /**
   * A registry reference: an {@code oci:} layout path names a directory on verdict's own disk, which a Pod's image
   * never does (and a Pod author must not make verdict read it).
   */
  static Reference registryReference(String image) {
    Reference ref = PARSED.get(image, Reference::parse); // an invalid one throws, and is not kept
    if (ref.isLayout()) {
      throw new IllegalArgumentException("'" + image + "' is an OCI layout path, not a registry image");
    }
    return ref;
  }

  /**
   * References as parsed, by their text: a cluster admits the same few hundred images again and again, and parsing
   * them (regular expressions) was about 5% of a cached admission's CPU. Bounded; parsing is a pure function.
   */
  private static final Cache<String, Reference> PARSED = Caffeine.newBuilder().maximumSize(4096)
      .executor(Runnable::run).build();

  private AdmissionResponse fold(AdmissionRequest r, ImageDecider d, List<ImageDecider.Decided> decided,
      Map<String, Reference> refs) {
    List<String> warnings = new ArrayList<>();
    List<ImageVerdict> verdicts = new ArrayList<>();
    String denial = null;
    String undecided = null;
    int denied = 0;
    int undecidedCount = 0;
    for (ImageDecider.Decided one : decided) {
      ImageResult res = one.result();
      String path = path(res);
      Check first = first(res);
      String policy = policyOf(res, first);
      verdicts.add(new ImageVerdict(res.reference(), path, res.digest(), res.decision().label(), reasons(res, first),
          one.cache()));
      switch (res.decision()) {
        case ALLOW -> { }
        case WARN -> {
          for (Check c : res.checks()) {
            if (c.status() == Status.WARN) {
              warnings.add("verdict: image " + res.reference() + " (" + path + "): policy "
                  + c.evidence().getOrDefault("policy", policy) + ": " + c.message());
            }
          }
        }
        case DENY -> {
          String m = "image " + res.reference() + " (" + path + ") denied by policy " + policy + ": "
              + (first == null ? "denied" : first.message());
          if (warnOnly) {
            warnings.add("verdict: --mode warn: " + m);
          } else {
            denied++;
            denial = denial == null ? m : denial;
          }
        }
        case ERROR -> {
          String m = "could not decide image " + res.reference() + " (" + path + "): "
              + (first == null ? "no decision" : first.message());
          if (warnOnly || onlyWarnPolicies(d, res, refs.get(res.reference()))) {
            warnings.add("verdict: " + m + "; allowed because every policy that applies is in warn mode");
          } else {
            undecidedCount++;
            undecided = undecided == null ? m : undecided;
          }
        }
        default -> throw new IllegalStateException("decision " + res.decision());
      }
    }
    Map<String, String> audit = audit(verdicts, d);
    if (denial != null) {
      String more = denied + undecidedCount > 1 ? " (and " + (denied + undecidedCount - 1) + " more)" : "";
      audit.put("decision", Outcome.DENY.label());
      return new AdmissionResponse(r.apiVersion(), r.uid(), Outcome.DENY, 403,
          truncate("verdict: " + denial + more), cap(warnings), null, audit, verdicts);
    }
    if (undecided != null) {
      String more = undecidedCount > 1 ? " (and " + (undecidedCount - 1) + " more)" : "";
      audit.put("decision", Outcome.UNDECIDED.label());
      return new AdmissionResponse(r.apiVersion(), r.uid(), Outcome.UNDECIDED, 500,
          truncate("verdict: " + undecided + more + "; failing closed"), cap(warnings), null, audit, verdicts);
    }
    audit.put("decision", Outcome.ALLOW.label());
    return new AdmissionResponse(r.apiVersion(), r.uid(), Outcome.ALLOW, 200, null, cap(warnings), null, audit,
        verdicts);
  }

  private AdmissionResponse allowed(AdmissionRequest r, List<String> warnings, List<ImageVerdict> verdicts,
      ImageDecider d, byte[] patch) {
    Map<String, String> audit = audit(verdicts, d);
    audit.put("decision", Outcome.ALLOW.label());
    return new AdmissionResponse(r.apiVersion(), r.uid(), Outcome.ALLOW, 200, null, cap(warnings), patch, audit,
        verdicts);
  }

  /** Undecided with only warn/audit policies applying: the policies' own mode lets it through. */
  private static boolean onlyWarnPolicies(ImageDecider d, ImageResult res, Reference ref) {
    List<ImagePolicy> policies = ref == null ? List.of() : d.matching(ref);
    if (policies.isEmpty()) {
      return false;
    }
    for (ImagePolicy p : policies) {
      if (p.mode() == Mode.ENFORCE) {
        return false;
      }
    }
    return res.matchedPolicies().stream().allMatch(n -> policies.stream().anyMatch(p -> p.name().equals(n)));
  }

  private static Map<String, String> audit(List<ImageVerdict> verdicts, ImageDecider d) {
    Map<String, String> audit = new LinkedHashMap<>();
    audit.put("policy-set", d.fingerprint());
    if (!verdicts.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (ImageVerdict v : verdicts) {
        String one = (sb.length() > 0 ? ", " : "") + v.image() + (v.digest() == null ? "" : "=" + v.digest())
            + " " + v.decision();
        if (sb.length() + one.length() > MAX_ANNOTATION_CHARS) {
          sb.append(", ...");
          break;
        }
        sb.append(one);
      }
      audit.put("images", sb.toString());
    }
    return audit;
  }

  /** The first failing check first, then the other failing, undecided and warning checks. */
  private static List<String> reasons(ImageResult res, Check first) {
    List<String> out = new ArrayList<>();
    if (first != null) {
      out.add(first.message());
    }
    for (Check c : res.checks()) {
      if (c != first && (c.status() == Status.FAIL || c.status() == Status.ERROR || c.status() == Status.WARN)) {
        out.add(c.message());
      }
    }
    return out;
  }

  /** The first check that failed (or could not be decided): what the message names. */
  private static Check first(ImageResult res) {
    Status want = res.decision() == Decision.ERROR ? Status.ERROR : Status.FAIL;
    for (Check c : res.checks()) {
      if (c.status() == want) {
        return c;
      }
    }
    for (Check c : res.checks()) {
      if (c.status() == Status.FAIL || c.status() == Status.ERROR) {
        return c;
      }
    }
    return null;
  }

  private static String policyOf(ImageResult res, Check first) {
    if (first != null && first.evidence().containsKey("policy")) {
      return first.evidence().get("policy");
    }
    return res.matchedPolicies().isEmpty() ? "(none matches)" : String.join(", ", res.matchedPolicies());
  }

  private static String path(ImageResult res) {
    List<Origin> origins = res.origins();
    if (origins.isEmpty() || origins.get(0).path() == null) {
      return "?";
    }
    return origins.get(0).path() + (origins.size() > 1 ? " and " + (origins.size() - 1) + " more" : "");
  }

  static ImageResult undecided(String image, List<Origin> origins, String why) {
    return new ImageResult(image, null, null, null, List.of(), List.of(), Decision.ERROR,
        List.of(Check.of("image.verify", null, Status.ERROR, why, "a decision", "error")), origins);
  }

  private static ImageResult refused(String image, List<Origin> origins, String why) {
    return new ImageResult(image, null, null, null, List.of(), List.of(), Decision.DENY,
        List.of(Check.of("image.resolve", null, Status.FAIL, "not an image reference verdict verifies: " + why,
            "registry/repository[:tag][@digest]", image)), origins);
  }

  private static List<String> cap(List<String> warnings) {
    List<String> out = new ArrayList<>();
    for (String w : warnings) {
      if (out.size() == MAX_WARNINGS) {
        out.add("verdict: " + (warnings.size() - MAX_WARNINGS) + " more warnings in the audit log");
        break;
      }
      out.add(w.length() > MAX_WARNING_CHARS ? w.substring(0, MAX_WARNING_CHARS - 3) + "..." : w);
    }
    return out;
  }

  /** At most {@link #MAX_MESSAGE_BYTES} bytes of UTF-8, cut at a character. */
  static String truncate(String message) {
    if (message.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) {
      return message;
    }
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < message.length(); ) {
      int cp = message.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > MAX_MESSAGE_BYTES - 3) {
        break;
      }
      sb.appendCodePoint(cp);
      bytes += n;
      i += Character.charCount(cp);
    }
    return sb.append("...").toString();
  }

  /** The user's spelling, tag kept, plus the digest: what /mutate writes. */
  static String pinned(String image, Digest d) {
    return image + "@" + d;
  }
}
