package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.engine.ImageTarget;
import dev.verdict.engine.Verifier;
import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.result.ImageResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pipeline's use of the decision pool: what a cached decision costs. */
class AdmissionTest {
  /** An engine that allows every pinned image and counts its verifications. */
  private static final class CountingEngine implements ImageDecider {
    final AtomicInteger decisions = new AtomicInteger();

    @Override
    public Verifier.Resolution resolve(Reference ref) {
      return new Verifier.Resolution(ref, ref.digest(), ref.digest() == null ? "no digest" : null);
    }

    @Override
    public ImageResult decide(ImageTarget target, Duration timeout) {
      decisions.incrementAndGet();
      return Results.allow(target.reference().digest());
    }

    @Override
    public List<ImagePolicy> matching(Reference ref) {
      return List.of();
    }

    @Override
    public String fingerprint() {
      return "sha256:test";
    }
  }

  /** A decision pool that is always full, counting what was handed to it. */
  private static final class FullPool extends AbstractExecutorService {
    final AtomicInteger offered = new AtomicInteger();

    @Override
    public void execute(Runnable r) {
      offered.incrementAndGet();
      throw new RejectedExecutionException("full");
    }

    @Override
    public void shutdown() { }

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  private static AdmissionRequest pod(String image) throws Exception {
    return AdmissionRequest.of(ReviewJson.parse(Reviews.create("", "Pod", Reviews.object("", "Pod", image))
        .getBytes(StandardCharsets.UTF_8)), false);
  }

  @Test
  void validate_cachedDecision_answeredOnTheRequestThreadWithoutThePool() throws Exception {
    Digest d = Results.digest("cached");
    String image = Results.REPO + "@" + d;
    CountingEngine engine = new CountingEngine();
    DecisionCache cache = DecisionCache.create(DecisionCache.Settings.DEFAULTS);
    CachingDecider decider = new CachingDecider(engine, cache, new TagCache(Duration.ofSeconds(30)), null);
    decider.decideTraced(new ImageTarget(image, Reference.parse(image), List.of()), Duration.ofSeconds(5));
    assertEquals(1, engine.decisions.get());
    FullPool pool = new FullPool();
    Admission admission = new Admission(() -> decider, pool, false);

    AdmissionResponse r = admission.validate(pod(image), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));

    assertTrue(r.allowed(), () -> "a cached allow needs no pool thread: " + r);
    assertEquals("hit", r.images().get(0).cache());
    assertEquals("spec.containers[0].image", r.images().get(0).path(), "the hit is re-stamped for this request");
    assertEquals(0, pool.offered.get(), "a cached decision is never handed to the decision pool");
    assertEquals(1, engine.decisions.get());
    cache.close();
  }

  @Test
  void validate_uncachedDecisionWithThePoolFull_failsClosed() throws Exception {
    Digest d = Results.digest("not cached");
    String image = Results.REPO + "@" + d;
    CountingEngine engine = new CountingEngine();
    DecisionCache cache = DecisionCache.create(DecisionCache.Settings.DEFAULTS);
    CachingDecider decider = new CachingDecider(engine, cache, new TagCache(Duration.ofSeconds(30)), null);
    FullPool pool = new FullPool();
    Admission admission = new Admission(() -> decider, pool, false);

    AdmissionResponse r = admission.validate(pod(image), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));

    assertFalse(r.allowed());
    assertEquals(1, pool.offered.get());
    assertEquals(0, engine.decisions.get());
    cache.close();
  }

  @Test
  void validate_cachedDecisionPastTheDeadline_isUndecided() throws Exception {
    Digest d = Results.digest("late");
    String image = Results.REPO + "@" + d;
    CountingEngine engine = new CountingEngine();
    DecisionCache cache = DecisionCache.create(DecisionCache.Settings.DEFAULTS);
    CachingDecider decider = new CachingDecider(engine, cache, new TagCache(Duration.ofSeconds(30)), null);
    decider.decideTraced(new ImageTarget(image, Reference.parse(image), List.of()), Duration.ofSeconds(5));
    Admission admission = new Admission(() -> decider, new FullPool(), false);

    AdmissionResponse r = admission.validate(pod(image), System.nanoTime() - 1);

    assertFalse(r.allowed(), "an answer after the deadline is never an allow");
    cache.close();
  }
}
