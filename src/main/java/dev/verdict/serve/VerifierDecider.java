package dev.verdict.serve;

import dev.verdict.engine.ImageTarget;
import dev.verdict.engine.Verifier;
import dev.verdict.oci.Reference;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.PolicySet;
import dev.verdict.result.ImageResult;
import java.time.Duration;
import java.util.List;

/** An {@link ImageDecider} that asks the engine facade every time (no cache). */
final class VerifierDecider implements ImageDecider {
  private final Verifier verifier;
  private final PolicySet policies;

  public VerifierDecider(Verifier verifier, PolicySet policies) {
    this.verifier = verifier;
    this.policies = policies;
  }

  @Override
  public Verifier.Resolution resolve(Reference ref) {
    return verifier.resolve(ref);
  }

  @Override
  public ImageResult decide(ImageTarget target, Duration timeout) {
    return verifier.decide(target, timeout);
  }

  @Override
  public List<ImagePolicy> matching(Reference ref) {
    return policies.matching(ref.toString());
  }

  @Override
  public String fingerprint() {
    return verifier.fingerprint();
  }
}
