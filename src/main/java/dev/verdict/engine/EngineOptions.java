package dev.verdict.engine;

import dev.verdict.oci.Platform;
import java.time.Clock;
import java.util.List;

/**
 * Per-run options.
 *
 * @param platform resolve this child of a multi-arch index too (reported beside the index), or null
 * @param attestations attestation files given on the command line, considered for every image beside what is
 *     attached to it in the registry
 */
public record EngineOptions(Platform platform, Clock clock, List<LocalAttestation> attestations) {
  public EngineOptions {
    attestations = attestations == null ? List.of() : List.copyOf(attestations);
  }

  public EngineOptions(Platform platform, Clock clock) {
    this(platform, clock, List.of());
  }

  public static EngineOptions defaults() {
    return new EngineOptions(null, Clock.systemUTC());
  }
}
