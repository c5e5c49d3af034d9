package dev.verdict.serve;

import dev.verdict.oci.Digest;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Image results shaped like the engine's (a key-signed image under one policy) for the serve tests. */
final class Results {
  static final String REPO = "registry.example.com/team/app";
  static final String POLICY = "key-signed";

  private Results() {}

  static Digest digest(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  static ImageResult of(Digest d, Decision decision, Instant notAfter) {
    Status signature = decision == Decision.ALLOW || decision == Decision.WARN ? Status.PASS
        : decision == Decision.DENY ? Status.FAIL : Status.ERROR;
    List<Check> checks = List.of(
        Check.of("policy.match", POLICY, Status.PASS, "policy " + POLICY + " matches " + REPO, REPO + "/**", REPO),
        Check.of("signature.key", "authority[0]", signature,
            signature == Status.PASS ? "1 valid signature by key cosign.pub" : "no valid signature by key cosign.pub",
            "a signature by cosign.pub", signature == Status.PASS ? "1 signature" : "0 signatures")
            .withEvidence(Map.of("signature", "sha256:" + "ab".repeat(32), "key", "sha256:" + "cd".repeat(32),
                "layer", "sha256:" + "ef".repeat(32))),
        Check.of("signature.identity", "authority[0]", Status.PASS, "signed identity is " + REPO, REPO, REPO),
        Check.of("tlog", "authority[0]", Status.SKIP, "transparency log not required by the policy", null, null));
    return new ImageResult(REPO + "@" + d, d.toString(), null, null, List.of(POLICY), List.of("policies/app.yaml"),
        decision, checks, List.of(new Origin(null, 0, 0, "spec.containers[0].image",
            "/spec/containers/0/image")), notAfter);
  }

  static ImageResult allow(Digest d) {
    return of(d, Decision.ALLOW, null);
  }

  static ImageResult allowUntil(Digest d, Instant notAfter) {
    return of(d, Decision.ALLOW, notAfter);
  }

  static ImageResult deny(Digest d) {
    return of(d, Decision.DENY, null);
  }

  static ImageResult undecided(Digest d) {
    return of(d, Decision.ERROR, null);
  }
}
