package dev.verdict.serve;

import dev.verdict.engine.ImageTarget;
import dev.verdict.engine.Verifier;
import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An {@link ImageDecider} with WEBHOOK.md's decision cache in front of the engine: decisions keyed by (canonical
 * repository, digest, policy-set fingerprint) in a {@link DecisionCache} (coalesced, bounded, never undecided
 * ones), tags resolved through the short {@link TagCache}. A reload makes a new one over the same caches: the
 * fingerprint changes, so old entries are never read again.
 */
final class CachingDecider implements ImageDecider {
  /** How long a verification may run on after the request that started it gave up (background completion). */
  static final Duration VERIFICATION_BUDGET = Deadlines.MAX_TIMEOUT;

  private final ImageDecider engine;
  private final DecisionCache decisions;
  private final TagCache tags;
  private final Metrics metrics;

  public CachingDecider(ImageDecider engine, DecisionCache decisions, TagCache tags, Metrics metrics) {
    this.engine = engine;
    this.decisions = decisions;
    this.tags = tags;
    this.metrics = metrics;
  }

  @Override
  public Verifier.Resolution resolve(Reference ref) {
    if (ref.digest() != null) {
      return new Verifier.Resolution(ref, ref.digest(), null);
    }
    String[] failure = new String[1];
    Digest d = tags.resolve(ref, r -> {
      Verifier.Resolution res = engine.resolve(r);
      failure[0] = res.failure();
      return res.digest();
    });
    return new Verifier.Resolution(ref, d, d == null ? failure[0] : null);
  }

  @Override
  public ImageResult decide(ImageTarget target, Duration timeout) {
    return decideTraced(target, timeout).result();
  }

  @Override
  public Decided decideTraced(ImageTarget target, Duration timeout) {
    Reference ref = target.reference();
    DecisionCache.Key key;
    Digest expected;
    if (ref.digest() != null) {
      key = key(ref, ref.digest());
      expected = ref.digest();
    } else {
      Verifier.Resolution res = resolve(ref);
      if (!res.resolved()) {
        // not found (deny) or unreachable (undecided): the engine says which; nothing keyed by a tag is cached
        return new Decided(engine.decide(target, timeout), "none");
      }
      expected = res.digest();
      key = key(ref, expected);
    }
    Instant deadline = Instant.now().plus(timeout);
    DecisionCache.Lookup lookup = decisions.decide(key, deadline, () -> verify(target, expected));
    if (metrics != null) {
      metrics.cache(lookup.how());
    }
    return new Decided(restamp(lookup.result(), target), lookup.how().label());
  }

  /**
   * A hit of the decision cache, looked up as {@link #decideTraced} looks it up (a tag through the tag cache only,
   * never the registry), or null: the caller then decides it the long way, which looks again.
   */
  @Override
  public Decided cached(ImageTarget target) {
    Reference ref = target.reference();
    Digest digest = ref.digest() != null ? ref.digest() : tags.get(ref).orElse(null);
    if (digest == null) {
      return null;
    }
    ImageResult hit = decisions.peek(key(ref, digest));
    if (hit == null) {
      return null;
    }
    if (metrics != null) {
      metrics.cache(DecisionCache.How.HIT);
    }
    return new Decided(restamp(hit, target), DecisionCache.How.HIT.label());
  }

  /** The decision key of {@code ref} at {@code digest} under this policy set. */
  private DecisionCache.Key key(Reference ref, Digest digest) {
    if (ref.digest() != null) {
      // a tag beside a digest is not checked by the engine, so the decision does not depend on it
      return DecisionCache.Key.of(ref, engine.fingerprint());
    }
    // a resolved tag can select a policy or an exception: it is part of what was decided
    return new DecisionCache.Key(ref.repositoryName(), digest, engine.fingerprint() + "\ntag " + tagOf(ref));
  }

  /** Starts the decision of a pinned image in the background (what /mutate pinned), without waiting for it. */
  public void prewarm(ImageTarget pinned) {
    if (pinned.reference().digest() == null) {
      return;
    }
    DecisionCache.Key key = DecisionCache.Key.of(pinned.reference(), engine.fingerprint());
    if (decisions.peek(key) == null) {
      decisions.decide(key, Instant.now(), () -> verify(pinned, pinned.reference().digest()));
    }
  }

  private ImageResult verify(ImageTarget target, Digest expected) {
    ImageResult r = engine.decide(target, VERIFICATION_BUDGET);
    if (r.digest() != null && !r.digest().equals(expected.toString())) {
      // the tag moved between resolving and verifying: this verdict is not the one for the key's digest
      return new ImageResult(r.reference(), r.digest(), r.platform(), r.platformDigest(), r.matchedPolicies(),
          r.policyFiles(), Decision.ERROR, List.of(Check.of("image.verify", null, Status.ERROR,
              "the tag moved to " + r.digest() + " while " + expected + " was being verified; retry",
              expected.toString(), r.digest())), r.origins());
    }
    return r;
  }

  private static String tagOf(Reference ref) {
    return ref.tag() != null ? ref.tag() : "latest";
  }

  /** The cached result as this request names the image: its spelling and its places in the object. */
  private static ImageResult restamp(ImageResult r, ImageTarget target) {
    return new ImageResult(target.given(), r.digest(), r.platform(), r.platformDigest(), r.matchedPolicies(),
        r.policyFiles(), r.decision(), r.checks(), target.origins(), r.notAfter());
  }

  @Override
  public List<ImagePolicy> matching(Reference ref) {
    return engine.matching(ref);
  }

  @Override
  public String fingerprint() {
    return engine.fingerprint();
  }
}
