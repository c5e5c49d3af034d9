package dev.verdict.serve;

import dev.verdict.engine.ImageTarget;
import dev.verdict.engine.Verifier;
import dev.verdict.oci.Reference;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.result.ImageResult;
import java.time.Duration;
import java.util.List;

/**
 * What the admission pipeline asks of the engine: resolve a tag, decide a pinned image, and which policies match a
 * name. {@link VerifierDecider} asks the {@link Verifier} directly; a decision cache can stand in front of it
 * without the pipeline knowing.
 */
interface ImageDecider {
  /** The digest {@code ref} names now, or why there is none; never throws for a per-image problem. */
  Verifier.Resolution resolve(Reference ref);

  /**
   * The verdict on {@code target}, a reference as the Pod names it (tag, digest or both), within {@code timeout};
   * the same as {@code verdict verify} gives it. A caching decider resolves a tag itself and must key on the
   * resolved tag too where a policy or exception names tags (README, "Policy reference").
   */
  ImageResult decide(ImageTarget target, Duration timeout);

  /** A decision and where it came from: a decision-cache result (hit, miss, coalesced, deadline) or none. */
  record Decided(ImageResult result, String cache) {}

  /** {@link #decide}, saying whether a cache answered (for metrics and the audit log). */
  default Decided decideTraced(ImageTarget target, Duration timeout) {
    return new Decided(decide(target, timeout), "none");
  }

  /**
   * The decision on {@code target} if a cache holds it now, exactly as {@link #decideTraced} would answer it from
   * that cache, else null; never verifies, never waits, never touches a registry. The pipeline calls it on the
   * request's own thread so that a cached decision costs no hand-off to the decision pool.
   */
  default Decided cached(ImageTarget target) {
    return null;
  }

  /** Starts deciding a pinned image in the background, if this decider caches; never waits. */
  default void prewarm(ImageTarget pinned) { }

  /** The policies whose images match {@code ref} as written (for /mutate's opt-out and warn-only outcomes). */
  List<ImagePolicy> matching(Reference ref);

  /** The policy-set fingerprint decisions are taken under. */
  String fingerprint();
}
