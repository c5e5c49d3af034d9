package dev.verdict.engine;

import dev.verdict.oci.Platform;
import dev.verdict.policy.SignedIdentity;
import java.time.Clock;

/**
 * Per-run options.
 *
 * @param platform resolve this child of a multi-arch index too (reported beside the index), or null
 * @param signedIdentity overrides every policy's signedIdentity (ad-hoc {@code --signed-identity}), or null
 */
public record EngineOptions(Platform platform, SignedIdentity signedIdentity, Clock clock) {
  public static EngineOptions defaults() {
    return new EngineOptions(null, null, Clock.systemUTC());
  }
}
