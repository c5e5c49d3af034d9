package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.discovery.EvidenceBudget;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.EvidenceLimitException;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageIndex;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Manifests;
import dev.verdict.oci.Reference;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.PolicySet;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one verification call: resolve an image to a digest, discover what is attached to it, verify it against
 * every matching policy, and decide. Never throws for a per-image problem: what cannot be decided is an ERROR
 * result, never an allow.
 */
final class Engine {
  private final ImageSource source;
  private final PolicySet policies;
  private final EngineOptions options;
  private final PolicyEvaluator evaluator;

  /**
   * @param trust the policies' trust material, loaded once ({@link TrustMaterial#load}); broken material is a
   *     configuration error before any image is verified
   */
  public Engine(ImageSource source, PolicySet policies, TrustMaterial trust, EngineOptions options) {
    this.source = source;
    this.policies = policies;
    this.options = options;
    this.evaluator = new PolicyEvaluator(new SignatureVerifier(new AuthorityVerifiers(trust)), trust,
        new AttestationEvaluator(trust), options);
  }

  public ImageResult verify(ImageTarget target) {
    Result r = new Result(target);
    try {
      run(target.reference(), r);
    } catch (EvidenceLimitException e) {
      // what was read so far is not all there is: no decision is taken on part of the evidence
      r.checks.add(Check.of("evidence.limit", null, Status.FAIL, e.getMessage(),
          "at most " + EvidenceBudget.MAX_LAYERS + " layers per manifest, " + EvidenceBudget.MAX_BUNDLES
              + " bundle referrers, " + dev.verdict.InputFiles.size(EvidenceBudget.MAX_ITEM_BYTES) + " per blob and "
              + dev.verdict.InputFiles.size(EvidenceBudget.MAX_TOTAL_BYTES) + " in all", "limit exceeded"));
      r.decision = Decision.DENY;
    } catch (VerdictException e) {
      r.checks.add(Check.of("image.verify", null, Status.ERROR, e.getMessage(), "a decision", "error"));
      r.decision = Decision.ERROR;
    } catch (RuntimeException e) {
      r.checks.add(Check.of("image.verify", null, Status.ERROR, "internal error: " + e, "a decision", "error"));
      r.decision = Decision.ERROR;
    }
    return r.build();
  }

  private void run(Reference ref, Result r) throws VerdictException {
    Optional<FetchedManifest> fetched = source.manifest(ref, ref.identifier());
    if (fetched.isEmpty()) {
      r.checks.add(Check.of("image.resolve", null, Status.FAIL, "image not found: " + ref,
          "a manifest for " + ref.identifier(), "not found"));
      r.decision = Decision.DENY;
      return;
    }
    FetchedManifest m = fetched.get();
    Digest digest = m.digest();
    r.digest = digest;
    try {
      Manifests.requireImage(m);
    } catch (Manifests.NotAnImageException e) {
      r.checks.add(Check.of("image.resolve", null, Status.FAIL, "not an image: " + e.getMessage(),
          "an image manifest or index", m.mediaType() + ", malformed"));
      r.decision = Decision.DENY;
      return;
    }
    boolean uncheckedTag = ref.digest() != null && ref.tag() != null;
    r.checks.add(Check.of("image.resolve", null, Status.PASS, "resolved to " + digest + (uncheckedTag
        ? " (the tag " + ref.tag() + " beside the digest is not checked, so policies are matched without it)" : ""),
        ref.digest() != null ? ref.digest().toString() : "tag " + ref.tag(), digest.toString()));
    if (options.platform() != null) {
      platform(ref, m, r);
    }
    Reference pinned = ref.withDigest(digest);
    // Policies and exceptions are matched on what this run verified: the repository and the digest, and a tag only
    // when this run resolved that tag to this digest. A tag written beside a digest names nothing checked (the image
    // is fetched by digest), so it never selects a policy or an exception.
    // The same name is what attestation conditions see as image.reference.
    Reference verified = uncheckedTag ? pinned.withoutTag() : pinned;
    String matchName = verified.toString();
    String imageName = ref.isLayout() ? source.declaredName(ref).orElse(null) : ref.toString();
    List<ImagePolicy> matched = new ArrayList<>(policies.matching(matchName));
    if (ref.isLayout() && imageName != null) {
      // a layout that names its image is judged by the policies written for that name, as in the registry
      for (ImagePolicy p : policies.matching(Reference.parse(imageName).withDigest(digest).toString())) {
        if (!matched.contains(p)) {
          matched.add(p);
        }
      }
    }
    if (matched.isEmpty()) {
      r.checks.add(Check.of("policy.match", null, Status.FAIL, "no policy matches " + ref.repositoryName()
          + "; an image no policy covers is denied", "a policy whose images match", "none"));
      r.decision = Decision.DENY;
      return;
    }
    Evidence evidence = new Evidence(source, verified, digest);
    LocalDate today = LocalDate.now(options.clock());
    Decision worst = Decision.ALLOW;
    for (ImagePolicy policy : matched) {
      r.policies.add(policy.name());
      r.policyFiles.add(policy.location().file() == null ? "" : policy.location().file());
      List<Check> raw = evaluator.evaluate(policy, evidence,
          new IdentityContext(policy.signedIdentity(), ref, imageName));
      Outcome.Applied applied = Outcome.apply(policy, raw, matchName, today, options.clock().getZone());
      for (Check c : applied.checks()) {
        r.checks.add(c.withEvidence(Map.of("policy", policy.name())));
      }
      worst = worse(worst, applied.decision());
    }
    r.decision = worst;
  }

  private void platform(Reference ref, FetchedManifest m, Result r) throws VerdictException {
    String want = options.platform().toString();
    r.platform = want;
    if (!m.isIndex()) {
      r.checks.add(Check.of("image.platform", null, Status.SKIP,
          "not a multi-arch index; the manifest itself is verified", want, "single manifest"));
      return;
    }
    ImageIndex index = Manifests.parseIndex(m);
    List<String> seen = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      if (d.platform() != null) {
        seen.add(d.platform().toString());
        if (options.platform().accepts(d.platform())) {
          r.platformDigest = d.digest();
          r.checks.add(Check.of("image.platform", null, Status.PASS, want + " is " + d.digest()
              + "; signatures are verified on the index digest", want, d.platform() + " " + d.digest()));
          return;
        }
      }
    }
    r.checks.add(Check.of("image.platform", null, Status.FAIL, "index has no manifest for " + want, want,
        seen.isEmpty() ? "no platforms" : String.join(", ", seen)));
  }

  static Decision worse(Decision a, Decision b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(Decision d) {
    return switch (d) {
      case ALLOW -> 0;
      case WARN -> 1;
      case DENY -> 2;
      case ERROR -> 3;
    };
  }

  /** Mutable accumulator for one image's result. */
  private static final class Result {
    final ImageTarget target;
    final List<Check> checks = new ArrayList<>();
    final List<String> policies = new ArrayList<>();
    final List<String> policyFiles = new ArrayList<>();
    Digest digest;
    String platform;
    Digest platformDigest;
    Decision decision = Decision.ERROR;

    Result(ImageTarget target) {
      this.target = target;
    }

    ImageResult build() {
      Decision d = decision;
      if (checks.stream().anyMatch(c -> c.status() == Status.FAIL) && d != Decision.ERROR) {
        d = Decision.DENY;
      }
      // only an allow or a warning has something to lose: a deny or an undecided result is not bounded
      java.time.Instant notAfter = d == Decision.ALLOW || d == Decision.WARN ? TrustBounds.of(checks) : null;
      return new ImageResult(target.given(), digest == null ? null : digest.toString(), platform,
          platformDigest == null ? null : platformDigest.toString(), policies, policyFiles, d, checks,
          target.origins(), notAfter);
    }
  }
}
