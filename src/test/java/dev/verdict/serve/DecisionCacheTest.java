package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import dev.verdict.serve.DecisionCache.How;
import dev.verdict.serve.DecisionCache.Key;
import dev.verdict.serve.DecisionCache.Lookup;
import dev.verdict.serve.DecisionCache.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionCacheTest {
  private static final String FP = "sha256:" + "0f".repeat(32);
  private static final Duration LONG = Duration.ofSeconds(30);
  private final FakeTime time = new FakeTime();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final AtomicInteger verifications = new AtomicInteger();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private DecisionCache cache(Settings s) {
    return new DecisionCache(s, time, time, pool);
  }

  private DecisionCache cache() {
    return cache(Settings.DEFAULTS);
  }

  private static Key key(Digest d) {
    return new Key(Results.REPO, d, FP);
  }

  private Instant in(Duration d) {
    return time.instant().plus(d);
  }

  private Supplier<ImageResult> counting(ImageResult r) {
    return () -> {
      verifications.incrementAndGet();
      return r;
    };
  }

  @Test
  void decide_firstThenSecond_missThenHitWithOneVerification() {
    DecisionCache c = cache();
    Digest d = Results.digest("a");
    Lookup first = c.decide(key(d), in(LONG), counting(Results.allow(d)));
    Lookup second = c.decide(key(d), in(LONG), counting(Results.allow(d)));
    assertEquals(How.MISS, first.how());
    assertEquals(How.HIT, second.how());
    assertSame(first.result(), second.result());
    assertEquals(1, verifications.get());
    assertEquals(1, c.entries());
  }

  @Test
  void decide_cachedResult_keepsOnlyTheChecksAnAdmissionNames() {
    DecisionCache c = cache();
    Digest d = Results.digest("c");
    ImageResult full = Results.allow(d);
    Check warn = new Check("sbom.age", "authority[0]", Status.WARN, "SBOM is 40 days old", "at most 30 days",
        "40 days", Map.of("policy", "sbom-fresh"));
    ImageResult warned = new ImageResult(full.reference(), full.digest(), null, null, full.matchedPolicies(),
        full.policyFiles(), Decision.WARN, java.util.stream.Stream.concat(full.checks().stream(),
            java.util.stream.Stream.of(warn)).toList(), full.origins(), full.notAfter());
    assertTrue(full.checks().stream().allMatch(k -> k.status() == Status.PASS || k.status() == Status.SKIP));
    Lookup miss = c.decide(key(d), in(LONG), counting(warned));
    Lookup hit = c.decide(key(d), in(LONG), counting(warned));
    assertEquals(How.HIT, hit.how());
    // the passing and skipped checks (with their expected and found) were most of a cached allow's heap
    assertEquals(List.of(warn), hit.result().checks());
    assertEquals(List.of(warn), miss.result().checks(), "the miss answers as the hits will");
    assertEquals(List.of(warned.reference(), warned.digest(), warned.decision(), warned.matchedPolicies(),
        warned.policyFiles()), List.of(hit.result().reference(), hit.result().digest(), hit.result().decision(),
        hit.result().matchedPolicies(), hit.result().policyFiles()));
    assertTrue(DecisionCache.weigh(key(d), hit.result()) < DecisionCache.weigh(key(d), warned) / 2,
        DecisionCache.weigh(key(d), hit.result()) + " against " + DecisionCache.weigh(key(d), warned));
  }

  @Test
  void decide_undecidedResult_isNeverCached() {
    // a transient 503 or a timeout is ERROR; the next request must verify again
    DecisionCache c = cache();
    Digest d = Results.digest("b");
    assertEquals(Decision.ERROR, c.decide(key(d), in(LONG), counting(Results.undecided(d))).result().decision());
    Lookup retry = c.decide(key(d), in(LONG), counting(Results.allow(d)));
    assertEquals(How.MISS, retry.how());
    assertEquals(Decision.ALLOW, retry.result().decision());
    assertEquals(2, verifications.get());
  }

  @Test
  void decide_allowWithExceptionExpiry_endsAtThatMoment() {
    DecisionCache c = cache();
    Digest d = Results.digest("c");
    Instant expiry = in(Duration.ofSeconds(90)); // well before the 15 min positive TTL
    c.decide(key(d), in(LONG), counting(Results.allowUntil(d, expiry)));
    time.advance(Duration.ofSeconds(90).minusNanos(1));
    assertEquals(How.HIT, c.decide(key(d), in(LONG), counting(Results.allow(d))).how());
    time.advance(Duration.ofNanos(1));
    assertNull(c.peek(key(d)));
    Lookup after = c.decide(key(d), in(LONG), counting(Results.deny(d)));
    assertEquals(How.MISS, after.how());
    assertEquals(Decision.DENY, after.result().decision());
    assertEquals(2, verifications.get());
  }

  @Test
  void decide_wallClockPassesNotAfterBeforeTicker_neverReturnsTheAllow() {
    FakeTime ticker = new FakeTime(); // a ticker that does not move while the wall clock does
    DecisionCache c = new DecisionCache(Settings.DEFAULTS, ticker, time, pool);
    Digest d = Results.digest("c2");
    c.decide(key(d), in(LONG), counting(Results.allowUntil(d, in(Duration.ofMinutes(1)))));
    time.advance(Duration.ofMinutes(1));
    assertEquals(How.MISS, c.decide(key(d), in(LONG), counting(Results.allow(d))).how());
  }

  @Test
  void decide_allowWithoutNotAfter_livesPositiveTtl() {
    DecisionCache c = cache();
    Digest d = Results.digest("d");
    c.decide(key(d), in(LONG), counting(Results.allow(d)));
    time.advance(Duration.ofMinutes(15).minusNanos(1));
    assertNotNull(c.peek(key(d)));
    time.advance(Duration.ofNanos(1));
    assertNull(c.peek(key(d)));
  }

  @Test
  void decide_allowWhoseNotAfterHasPassed_isNotCached() {
    DecisionCache c = cache();
    Digest d = Results.digest("e");
    Lookup l = c.decide(key(d), in(LONG), counting(Results.allowUntil(d, time.instant())));
    assertEquals(Decision.ALLOW, l.result().decision()); // the engine's call, not the cache's
    assertEquals(0, c.entries());
    c.decide(key(d), in(LONG), counting(Results.allow(d)));
    assertEquals(2, verifications.get());
  }

  @Test
  void decide_definitiveDeny_livesNegativeTtlOnly() {
    DecisionCache c = cache();
    Digest d = Results.digest("f");
    c.decide(key(d), in(LONG), counting(Results.deny(d)));
    time.advance(Duration.ofSeconds(20).minusNanos(1));
    assertEquals(How.HIT, c.decide(key(d), in(LONG), counting(Results.allow(d))).how());
    time.advance(Duration.ofNanos(1));
    assertEquals(How.MISS, c.decide(key(d), in(LONG), counting(Results.allow(d))).how());
  }

  @Test
  void decide_zeroNegativeTtl_deniesAreNotCached() {
    DecisionCache c = cache(new Settings(Duration.ofMinutes(15), Duration.ZERO, 1 << 20, 4));
    Digest d = Results.digest("g");
    c.decide(key(d), in(LONG), counting(Results.deny(d)));
    assertEquals(0, c.entries());
  }

  @Test
  void decide_verifierThrows_undecidedAndNotCached() {
    DecisionCache c = cache();
    Digest d = Results.digest("h");
    Lookup l = c.decide(key(d), in(LONG), () -> {
      throw new IllegalStateException("boom");
    });
    assertEquals(Decision.ERROR, l.result().decision());
    assertTrue(l.result().checks().get(0).message().contains("internal error"), l.result().checks().toString());
    assertEquals(0, c.entries());
    assertEquals(0, c.inFlight());
  }

  @Test
  void decide_verifierAnswersForAnotherDigest_undecidedAndNotCached() {
    DecisionCache c = cache();
    Digest d = Results.digest("i");
    Lookup l = c.decide(key(d), in(LONG), counting(Results.allow(Results.digest("other"))));
    assertEquals(Decision.ERROR, l.result().decision());
    assertNull(c.peek(key(d)));
  }

  @Test
  void decide_otherFingerprintOrRepository_isAnotherKey() {
    DecisionCache c = cache();
    Digest d = Results.digest("j");
    c.decide(key(d), in(LONG), counting(Results.allow(d)));
    assertEquals(How.MISS, c.decide(new Key(Results.REPO, d, "sha256:" + "11".repeat(32)), in(LONG),
        counting(Results.deny(d))).how());
    assertEquals(How.MISS, c.decide(new Key("registry.example.com/team/other", d, FP), in(LONG),
        counting(Results.deny(d))).how());
    assertEquals(3, verifications.get());
  }

  @Test
  void decide_200ConcurrentCallersForOneKey_oneVerification() throws Exception {
    DecisionCache c = cache();
    Digest d = Results.digest("k");
    CountDownLatch release = new CountDownLatch(1);
    Supplier<ImageResult> slow = () -> {
      verifications.incrementAndGet();
      await(release);
      return Results.allow(d);
    };
    ExecutorService callers = Executors.newFixedThreadPool(200);
    try {
      List<Future<Lookup>> futures = new ArrayList<>();
      CountDownLatch started = new CountDownLatch(200);
      for (int i = 0; i < 200; i++) {
        futures.add(callers.submit(() -> {
          started.countDown();
          return c.decide(key(d), in(LONG), slow);
        }));
      }
      started.await(10, TimeUnit.SECONDS);
      Thread.sleep(200); // let every caller reach the in-flight map before the verification finishes
      release.countDown();
      Map<How, Integer> hows = new EnumMap<>(How.class);
      for (Future<Lookup> f : futures) {
        Lookup l = f.get(10, TimeUnit.SECONDS);
        assertEquals(Decision.ALLOW, l.result().decision());
        hows.merge(l.how(), 1, Integer::sum);
      }
      assertEquals(1, verifications.get());
      assertEquals(1, hows.get(How.MISS));
      assertEquals(200, hows.values().stream().mapToInt(Integer::intValue).sum());
      assertNull(hows.get(How.DEADLINE));
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void decide_deadlinePassesFirst_undecidedInTimeAndBackgroundFillsCache() throws Exception {
    DecisionCache c = new DecisionCache(Settings.DEFAULTS, com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
        java.time.Clock.systemUTC(), pool);
    Digest d = Results.digest("l");
    CountDownLatch release = new CountDownLatch(1);
    long start = System.nanoTime();
    Lookup l = c.decide(key(d), Instant.now().plusMillis(150), () -> {
      verifications.incrementAndGet();
      await(release);
      return Results.allow(d);
    });
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(How.DEADLINE, l.how());
    assertEquals(Decision.ERROR, l.result().decision());
    assertTrue(tookMs >= 140 && tookMs < 1000, "answered after " + tookMs + " ms");
    assertEquals(1, c.inFlight());
    release.countDown();
    for (int i = 0; i < 100 && c.peek(key(d)) == null; i++) {
      Thread.sleep(10);
    }
    Lookup retry = c.decide(key(d), Instant.now().plusSeconds(5), counting(Results.deny(d)));
    assertEquals(How.HIT, retry.how());
    assertEquals(Decision.ALLOW, retry.result().decision());
    assertEquals(1, verifications.get());
  }

  @Test
  void decide_waitersWithOwnDeadlines_shortOneGivesUpLongOneGetsTheResult() throws Exception {
    DecisionCache c = new DecisionCache(Settings.DEFAULTS, com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
        java.time.Clock.systemUTC(), pool);
    Digest d = Results.digest("m");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch began = new CountDownLatch(1);
    Supplier<ImageResult> slow = () -> {
      began.countDown();
      await(release);
      return Results.allow(d);
    };
    Future<Lookup> patient = pool.submit(() -> c.decide(key(d), Instant.now().plusSeconds(10), slow));
    began.await(5, TimeUnit.SECONDS);
    Lookup impatient = c.decide(key(d), Instant.now().plusMillis(50), slow);
    assertEquals(How.DEADLINE, impatient.how());
    release.countDown();
    Lookup l = patient.get(5, TimeUnit.SECONDS);
    assertEquals(How.MISS, l.how());
    assertEquals(Decision.ALLOW, l.result().decision());
  }

  @Test
  void decide_deadlineAlreadyPassed_undecidedWithoutWaiting() {
    DecisionCache c = cache();
    Digest d = Results.digest("n");
    CountDownLatch release = new CountDownLatch(1);
    Lookup l = c.decide(key(d), time.instant(), () -> {
      await(release);
      return Results.allow(d);
    });
    release.countDown();
    assertEquals(How.DEADLINE, l.how());
  }

  @Test
  void decide_moreKeysThanMaxInFlight_extraIsUndecidedNotQueued() throws Exception {
    DecisionCache c = cache(new Settings(Duration.ofMinutes(15), Duration.ofSeconds(20), 1 << 20, 1));
    CountDownLatch release = new CountDownLatch(1);
    Digest a = Results.digest("o1");
    Digest b = Results.digest("o2");
    Future<Lookup> first = pool.submit(() -> c.decide(key(a), in(LONG), () -> {
      await(release);
      return Results.allow(a);
    }));
    for (int i = 0; i < 200 && c.inFlight() == 0; i++) {
      Thread.sleep(5);
    }
    Lookup second = c.decide(key(b), in(LONG), counting(Results.allow(b)));
    assertEquals(Decision.ERROR, second.result().decision());
    assertTrue(second.result().checks().get(0).message().contains("too many verifications"));
    assertEquals(0, verifications.get());
    release.countDown();
    assertEquals(Decision.ALLOW, first.get(5, TimeUnit.SECONDS).result().decision());
    assertEquals(Decision.ALLOW, c.decide(key(b), in(LONG), counting(Results.allow(b))).result().decision());
  }

  @Test
  void close_thenMiss_undecidedNeverRunsTheVerifier() {
    DecisionCache c = DecisionCache.create(Settings.DEFAULTS);
    Digest d = Results.digest("closed");
    c.close();
    Lookup l = c.decide(key(d), Instant.now().plusSeconds(5), counting(Results.allow(d)));
    assertEquals(Decision.ERROR, l.result().decision());
    assertEquals(0, verifications.get());
    assertEquals(0, c.inFlight());
  }

  @Test
  void key_withTagOrNonCanonicalRepository_refused() {
    Digest d = Results.digest("p");
    assertThrows(IllegalArgumentException.class, () -> new Key("registry.example.com/team/app:1.0", d, FP));
    assertThrows(IllegalArgumentException.class, () -> new Key("nginx", d, FP));
    assertThrows(IllegalArgumentException.class, () -> new Key("Registry.Example.com/team/app", d, FP));
    assertThrows(IllegalArgumentException.class, () -> new Key(Results.REPO, d, " "));
    assertThrows(IllegalArgumentException.class,
        () -> Key.of(Reference.parse("registry.example.com/team/app:1.0"), FP));
  }

  @Test
  void key_ofReferenceWithTagBesideDigest_ignoresTheTag() {
    Digest d = Results.digest("q");
    Key tagged = Key.of(Reference.parse(Results.REPO + ":1.0@" + d), FP);
    Key bare = Key.of(Reference.parse(Results.REPO + "@" + d), FP);
    assertEquals(bare, tagged);
    assertEquals(new Key("docker.io/library/nginx", d, FP), Key.of(Reference.parse("nginx:latest@" + d), FP));
  }

  @Test
  void key_resolvedTag_isAnotherKeyThanThePinnedDigestOrAnotherTag() {
    // a policy naming app:1.* may allow app:1.0 resolved to D and deny app@D: their decisions must not mix
    DecisionCache c = cache();
    Digest d = Results.digest("r");
    Key resolved = Key.resolved(Reference.parse(Results.REPO + ":1.0"), d, FP);
    assertEquals("1.0", resolved.resolvedTag());
    c.decide(resolved, in(LONG), counting(Results.allow(d)));
    assertEquals(How.MISS, c.decide(Key.of(Reference.parse(Results.REPO + ":1.0@" + d), FP), in(LONG),
        counting(Results.deny(d))).how());
    assertEquals(How.MISS, c.decide(Key.resolved(Reference.parse(Results.REPO + ":2.0"), d, FP), in(LONG),
        counting(Results.deny(d))).how());
    assertEquals(How.HIT, c.decide(Key.resolved(Reference.parse(Results.REPO + ":1.0"), d, FP), in(LONG),
        counting(Results.deny(d))).how());
  }

  @Test
  void key_resolvedFromAReferenceCarryingADigest_refused() {
    Digest d = Results.digest("s");
    assertThrows(IllegalArgumentException.class,
        () -> Key.resolved(Reference.parse(Results.REPO + ":1.0@" + d), d, FP));
    assertThrows(IllegalArgumentException.class, () -> new Key(Results.REPO, d, FP, "bad tag"));
  }

  @Test
  void weight_50000TypicalDecisions_fitUnderTheDefaultBoundAndItsEstimateIsAnUpperBound() {
    DecisionCache c = cache();
    long before = usedHeap();
    long weight = 0;
    for (int i = 0; i < 50_000; i++) {
      Digest d = Results.digest("w" + i);
      ImageResult r = Results.allow(d);
      // what the cache keeps: the result without its passing and skipped checks
      weight += DecisionCache.weigh(key(d), DecisionCache.compact(r));
      c.decide(key(d), in(LONG), () -> r);
    }
    long after = usedHeap();
    assertEquals(50_000, c.entries());
    assertTrue(weight < Settings.DEFAULTS.maxWeightBytes(), "weight " + weight);
    long measured = after - before;
    System.out.printf("50,000 decisions: estimated %d MiB, measured heap growth %d MiB%n", weight >> 20,
        measured >> 20);
    // the estimate may be high (shared strings) but never below the truth, or the bound would not bound the heap
    assertTrue(measured <= weight, "measured " + measured + " estimated " + weight);
  }

  @Test
  void weight_boundReached_evictsInsteadOfGrowing() {
    DecisionCache c = cache(new Settings(Duration.ofMinutes(15), Duration.ofSeconds(20), 100_000, 4));
    for (int i = 0; i < 1000; i++) {
      Digest d = Results.digest("x" + i);
      c.decide(key(d), in(LONG), counting(Results.allow(d)));
    }
    long perEntry = DecisionCache.weigh(key(Results.digest("x0")),
        DecisionCache.compact(Results.allow(Results.digest("x0"))));
    assertTrue(c.entries() <= 100_000 / perEntry + 1, "entries " + c.entries());
    assertTrue(c.entries() > 0);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void pool_verificationsOneAtATime_reuseOneThread() throws Exception {
    java.util.concurrent.ThreadPoolExecutor pool = DecisionCache.pool(64);
    try {
      for (int i = 0; i < 20; i++) {
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        Thread.sleep(20); // the worker is back waiting for the next task
      }
      assertTrue(pool.getLargestPoolSize() <= 2, pool.getLargestPoolSize() + " threads for one at a time");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void pool_asManyAtOnceAsAdmitted_neverRefusesOne() throws Exception {
    java.util.concurrent.ThreadPoolExecutor pool = DecisionCache.pool(8);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(8);
    try {
      for (int i = 0; i < 8; i++) {
        pool.execute(() -> {
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertTrue(started.await(10, TimeUnit.SECONDS));
    } finally {
      release.countDown();
      pool.shutdown();
    }
  }
}
