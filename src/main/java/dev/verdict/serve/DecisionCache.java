package dev.verdict.serve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The admission decision cache of WEBHOOK.md ("Decision cache"): verified {@link ImageResult}s keyed by (canonical
 * repository, digest, policy-set fingerprint), never by tag, with one verification per key in flight however many
 * requests ask for it at once.
 *
 * <ul>
 *   <li>Allows and warns live {@code min(positiveTtl, result.notAfter())}: an exception's expiry, a {@code maxAge}
 *       deadline or a trust-material expiry ends the cached allow at that moment, and a result whose
 *       {@code notAfter} has passed is never returned, even if the ticker and the wall clock disagree.
 *   <li>Definitive denials live {@code negativeTtl}; undecided results ({@code !definitive()}) are never stored.
 *   <li>Bounded by an estimated weight in bytes ({@link #weigh}), not a count.
 *   <li>{@link #decide}: a miss starts the verification on a bounded background pool; every caller (the one that
 *       started it and those that joined it) waits until its own deadline and then gets an undecided "deadline"
 *       result while the verification runs on and fills the cache for the apiserver's retry.
 * </ul>
 *
 * <p>Thread-safe. The cached value is the result as the first caller's verification produced it: its
 * {@code reference} and {@code origins} are that caller's; callers re-stamp them ({@link ImageResult#withOrigins})
 * and run the cheap per-request steps (mode, namespace-scoped exceptions) again on every hit.
 */
final class DecisionCache implements AutoCloseable {
  /** Check id of the undecided results this cache produces itself (deadline, overload, verifier failure). */
  public static final String CHECK_ID = "admission.cache";

  private final Settings settings;
  private final Clock clock;
  private final Cache<Key, ImageResult> cache;
  private final ConcurrentHashMap<Key, CompletableFuture<ImageResult>> inFlight = new ConcurrentHashMap<>();
  private final Executor background;
  private final AtomicInteger running = new AtomicInteger();

  /**
   * The decision key: the canonical repository ({@link Reference#repositoryName}, no tag, no digest), the digest and
   * the policy-set fingerprint, plus {@code resolvedTag} only when verdict itself resolved that tag to that digest
   * for this request. Policies and exceptions may name tags, and the engine honours a tag only when it resolved it
   * (README, "Policy reference"), so a decision taken on {@code app:1.0} resolved to D may differ from one on
   * {@code app@D}; a tag merely written beside a digest never enters a key. A tag alone never selects a decision:
   * the digest is always part of the key.
   */
  public record Key(String repository, Digest digest, String fingerprint, String resolvedTag) {
    private static final java.util.regex.Pattern TAG =
        java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public Key {
      Objects.requireNonNull(digest, "digest");
      if (fingerprint == null || fingerprint.isBlank()) {
        throw new IllegalArgumentException("a decision key needs the policy-set fingerprint");
      }
      if (repository == null || !CANONICAL.contains(repository)) {
        canonical(repository);
      }
      if (resolvedTag != null && !TAG.matcher(resolvedTag).matches()) {
        throw new IllegalArgumentException("invalid resolved tag '" + resolvedTag + "'");
      }
    }

    /** Repositories already found canonical (parsing costs ~15 us, a hit ~2 us); bounded, then parsed each time. */
    private static final java.util.Set<String> CANONICAL = ConcurrentHashMap.newKeySet();

    private static void canonical(String repository) {
      Reference parsed;
      try {
        parsed = repository == null ? null : Reference.parse(repository);
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
      if (parsed == null || parsed.digest() != null || !parsed.repositoryName().equals(repository)
          || repository.indexOf('@') >= 0 || repository.lastIndexOf(':') > repository.lastIndexOf('/')) {
        throw new IllegalArgumentException("a decision key needs a canonical repository without tag or digest, not '"
            + repository + "'");
      }
      if (CANONICAL.size() < 4096) {
        CANONICAL.add(repository);
      }
    }

    /** A key without a resolved tag. */
    public Key(String repository, Digest digest, String fingerprint) {
      this(repository, digest, fingerprint, null);
    }

    /**
     * The key of a reference that names a digest; its tag, if any, is ignored (written beside a digest, it was not
     * checked: decisions are never keyed by an unchecked tag).
     */
    public static Key of(Reference pinned, String fingerprint) {
      if (pinned.digest() == null) {
        throw new IllegalArgumentException("a decision key needs a digest, not the tag of " + pinned);
      }
      return new Key(pinned.repositoryName(), pinned.digest(), fingerprint, null);
    }

    /**
     * The key of a tag-only reference that verdict resolved to {@code resolved} for this request: the verification
     * behind it must be of that tag as resolved to that digest (a result for another digest is refused).
     */
    public static Key resolved(Reference tagged, Digest resolved, String fingerprint) {
      if (tagged.digest() != null) {
        throw new IllegalArgumentException(tagged + " carries a digest: its tag was not resolved by verdict");
      }
      if (tagged.tag() == null) {
        throw new IllegalArgumentException(tagged + " names neither a tag nor a digest");
      }
      return new Key(tagged.repositoryName(), resolved, fingerprint, tagged.tag());
    }

    @Override
    public String toString() {
      return repository + (resolvedTag == null ? "" : ":" + resolvedTag) + "@" + digest + " (policy set "
          + fingerprint + ")";
    }
  }

  /** How a {@link Lookup} was answered; the label of the cache-result metrics. */
  public enum How {
    /** From the cache. */
    HIT,
    /** This caller started the verification and saw it finish. */
    MISS,
    /** Joined a verification another caller started, and saw it finish. */
    COALESCED,
    /** The caller's deadline passed first: an undecided result; the verification goes on in the background. */
    DEADLINE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A decision and how it was obtained. */
  public record Lookup(ImageResult result, How how) {}

  /**
   * @param positiveTtl longest life of an allow or warn (WEBHOOK.md {@code --cache-ttl}, default 15 min)
   * @param negativeTtl life of a definitive denial ({@code --cache-negative-ttl}, default 20 s); zero disables
   * @param maxWeightBytes bound on the estimated bytes of all entries
   * @param maxInFlight most verifications running at once; a miss beyond it is undecided ("busy"), never queued
   */
  public record Settings(Duration positiveTtl, Duration negativeTtl, long maxWeightBytes, int maxInFlight) {
    /**
     * 160 MiB of estimated weight. Measured on key-signed allows with four checks (the shape of a real
     * {@code verdict verify} result): 50,000 fit (154 MiB estimated, 89-103 MiB of heap, the process at 241 MiB RSS
     * with {@code -Xmx160m -XX:+UseSerialGC}); with every message unique (3.5 KB estimated, 2.5 KB real) about
     * 48,000 fit and hold 120 MiB. The estimate runs 1.4-1.7x above the real footprint, so the bound also bounds
     * the heap; the RSS target of WEBHOOK.md (300 MiB at 50,000 decisions) also needs a capped heap.
     */
    public static final Settings DEFAULTS =
        new Settings(Duration.ofMinutes(15), Duration.ofSeconds(20), 160L << 20, 256);

    public Settings {
      if (positiveTtl.isNegative() || negativeTtl.isNegative() || maxWeightBytes < 0 || maxInFlight < 1) {
        throw new IllegalArgumentException("cache settings must not be negative and allow one verification");
      }
    }
  }

  /** A cache on the system clocks with its own bounded pool of daemon threads for verifications. */
  public static DecisionCache create(Settings settings) {
    return new DecisionCache(settings, Ticker.systemTicker(), Clock.systemUTC(), pool(settings.maxInFlight()));
  }

  DecisionCache(Settings settings, Ticker ticker, Clock clock, Executor background) {
    this.settings = settings;
    this.clock = clock;
    this.background = background;
    this.cache = Caffeine.newBuilder()
        .ticker(ticker)
        .executor(Runnable::run) // maintenance on the caller's thread: deterministic under a fake ticker
        .maximumWeight(settings.maxWeightBytes())
        .weigher((Key k, ImageResult v) -> weigh(k, v))
        .expireAfter(new Lifetime())
        .build();
  }

  /**
   * The decision for {@code key}: from the cache, or from {@code verify} (run once per key at a time on the
   * background pool), or undecided when {@code deadline} passes first. Never throws for the verification's sake:
   * an exception from {@code verify} is an undecided result. {@code verify} must bound its own run time (e.g.
   * {@code Verifier.decide(target, budget)} with a budget longer than any admission deadline, such as 30 s): a
   * verification every caller gave up on still holds one of the {@code maxInFlight} slots until it returns.
   */
  public Lookup decide(Key key, Instant deadline, Supplier<ImageResult> verify) {
    ImageResult cached = fresh(key);
    if (cached != null) {
      return new Lookup(cached, How.HIT);
    }
    CompletableFuture<ImageResult> mine = new CompletableFuture<>();
    CompletableFuture<ImageResult> shared = inFlight.putIfAbsent(key, mine);
    How how = How.COALESCED;
    if (shared == null) {
      // Another caller may have finished and stored between our lookup and our claim.
      cached = fresh(key);
      if (cached != null) {
        inFlight.remove(key, mine);
        mine.complete(cached);
        return new Lookup(cached, How.HIT);
      }
      how = How.MISS;
      shared = mine;
      start(key, mine, verify);
    }
    return await(key, shared, deadline, how);
  }

  /** The cached decision for {@code key}, or null. */
  public ImageResult peek(Key key) {
    return fresh(key);
  }

  /** Entries now in the cache (an estimate; for the entries gauge). */
  public long entries() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Verifications running now (started and not finished, including those every caller gave up on). */
  public int inFlight() {
    return running.get();
  }

  /** Drops every entry. */
  public void clear() {
    cache.invalidateAll();
  }

  /**
   * Stops the background pool when this cache owns it ({@link #create}): running verifications are interrupted and
   * their waiters get undecided results; a later miss is undecided ("could not be started"). For shutdown.
   */
  @Override
  public void close() {
    if (background instanceof ExecutorService pool) {
      pool.shutdownNow();
    }
  }

  private ImageResult fresh(Key key) {
    ImageResult r = cache.getIfPresent(key);
    if (r != null && r.notAfter() != null && !clock.instant().isBefore(r.notAfter())) {
      cache.invalidate(key); // the wall clock says the allow has ended even if the ticker has not caught up
      return null;
    }
    return r;
  }

  private void start(Key key, CompletableFuture<ImageResult> future, Supplier<ImageResult> verify) {
    if (running.incrementAndGet() > settings.maxInFlight()) {
      running.decrementAndGet();
      inFlight.remove(key, future);
      future.complete(undecided(key, "too many verifications in flight (" + settings.maxInFlight()
          + "); could not decide; failing closed"));
      return;
    }
    Runnable task = () -> {
      ImageResult result;
      try {
        result = checked(key, verify.get());
      } catch (RuntimeException | Error e) {
        result = undecided(key, "internal error while verifying: " + e.getClass().getSimpleName()
            + "; could not decide; failing closed");
      }
      try {
        store(key, result);
      } finally {
        inFlight.remove(key, future);
        running.decrementAndGet();
        future.complete(result);
      }
    };
    try {
      background.execute(task);
    } catch (RuntimeException e) { // rejected: the pool is shut down or full
      running.decrementAndGet();
      inFlight.remove(key, future);
      future.complete(undecided(key, "verification could not be started; could not decide; failing closed"));
    }
  }

  /** A definitive result about another digest would poison the key: it becomes undecided and is not stored. */
  private static ImageResult checked(Key key, ImageResult r) {
    if (r == null) {
      return undecided(key, "the verifier returned nothing; could not decide; failing closed");
    }
    if (r.definitive() && !key.digest().toString().equals(r.digest())) {
      return undecided(key, "the verifier answered for " + r.digest() + ", not " + key.digest()
          + "; could not decide; failing closed");
    }
    return compact(r);
  }

  /**
   * The result as an admission uses it: the checks that failed, could not be decided or warned (their messages and
   * evidence name the reasons, the policy and the warnings), without the passing and skipped ones, whose expected
   * and found values made a cached allow about 3.7 KB of heap: the 50,000 decisions of WEBHOOK.md's RSS target did
   * not fit the weight bound. Everything else of the result is kept.
   */
  static ImageResult compact(ImageResult r) {
    List<Check> kept = r.checks().stream()
        .filter(c -> c.status() != Status.PASS && c.status() != Status.SKIP).toList();
    if (kept.size() == r.checks().size()) {
      return r;
    }
    return new ImageResult(r.reference(), r.digest(), r.platform(), r.platformDigest(), r.matchedPolicies(),
        r.policyFiles(), r.decision(), kept, r.origins(), r.notAfter());
  }

  private void store(Key key, ImageResult r) {
    if (lifetimeNanos(r) > 0) {
      cache.put(key, r);
    }
  }

  private Lookup await(Key key, CompletableFuture<ImageResult> future, Instant deadline, How how) {
    long nanos = Duration.between(clock.instant(), deadline).toNanos();
    try {
      ImageResult r = nanos <= 0 && !future.isDone() ? null : future.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
      if (r != null) {
        return new Lookup(r, how);
      }
    } catch (TimeoutException e) {
      // fall through: deadline
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      return new Lookup(undecided(key, "verification failed; could not decide; failing closed"), how);
    }
    return new Lookup(undecided(key, "could not decide before the admission deadline; failing closed"
        + " (verification continues in the background for the retry)"), How.DEADLINE);
  }

  /** An undecided result for {@code key} with {@code message} as its one check. */
  static ImageResult undecided(Key key, String message) {
    return new ImageResult(key.repository() + "@" + key.digest(), key.digest().toString(), null, null, List.of(),
        List.of(), Decision.ERROR, List.of(Check.of(CHECK_ID, null, Status.ERROR, message, null, null)), List.of());
  }

  /** How long a result may be cached from now, in nanoseconds; zero or less: not at all. */
  long lifetimeNanos(ImageResult r) {
    if (!r.definitive()) {
      return 0;
    }
    if (r.decision() == Decision.DENY) {
      return settings.negativeTtl().toNanos();
    }
    if (r.decision() != Decision.ALLOW && r.decision() != Decision.WARN) {
      return 0;
    }
    long ttl = settings.positiveTtl().toNanos();
    if (r.notAfter() != null) {
      long left = Duration.between(clock.instant(), r.notAfter()).toNanos();
      ttl = Math.min(ttl, left);
    }
    return ttl;
  }

  /**
   * Estimated retained bytes of one entry: object headers and references plus one byte per character of every
   * string (compact Latin-1 strings) with its own header. Coarse on purpose; bounded above, never below, the real
   * footprint of typical results (measured in {@code DecisionCacheTest}).
   */
  static int weigh(Key k, ImageResult r) {
    long bytes = 160 + str(k.repository()) + str(k.fingerprint()) + 64 + str(k.digest().hex())
        + str(k.resolvedTag());
    bytes += 120 + str(r.reference()) + str(r.digest()) + str(r.platform()) + str(r.platformDigest());
    for (String s : r.matchedPolicies()) {
      bytes += 8 + str(s);
    }
    for (String s : r.policyFiles()) {
      bytes += 8 + str(s);
    }
    for (Check c : r.checks()) {
      bytes += 64 + str(c.id()) + str(c.subject()) + str(c.message()) + str(c.expected()) + str(c.found());
      for (var e : c.evidence().entrySet()) {
        bytes += 48 + str(e.getKey()) + str(e.getValue());
      }
    }
    for (var o : r.origins()) {
      bytes += 48 + str(o.file()) + str(o.path()) + str(o.pointer());
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private static int str(String s) {
    return s == null ? 0 : 40 + s.length();
  }

  /**
   * The verifications' threads, started for the verifications in flight and reused: a fixed pool of
   * {@code maxInFlight} started a new thread for every miss until it held all 256, whether or not one was idle
   * (measured: 320 verify threads and 479 in all while 50,000 decisions were cached 32 Pods at a time, about 130 KiB
   * of RSS each). The in-flight counter admits at most {@code threads} tasks; a thread that has finished one may
   * not be polling yet, so up to twice as many threads may exist, and a hand-off is never refused.
   */
  static ThreadPoolExecutor pool(int threads) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, threads * 2, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "verdict-verify-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Per-entry lifetime: computed once at insertion; reads and updates do not extend it. */
  private final class Lifetime implements Expiry<Key, ImageResult> {
    @Override
    public long expireAfterCreate(Key key, ImageResult value, long currentTime) {
      return Math.max(0, lifetimeNanos(value));
    }

    @Override
    public long expireAfterUpdate(Key key, ImageResult value, long currentTime, long currentDuration) {
      return Math.max(0, lifetimeNanos(value));
    }

    @Override
    public long expireAfterRead(Key key, ImageResult value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
