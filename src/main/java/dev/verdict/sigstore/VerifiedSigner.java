package dev.verdict.sigstore;

import dev.verdict.result.Check;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who signed and how it was proven.
 *
 * @param method {@code key}, {@code keyless} (Fulcio) or {@code certificate} (private PKI)
 * @param subject the certificate SAN, or the key's description
 * @param issuer the OIDC issuer claim, or null
 * @param integratedTime the time a log entry proves (SET), or null
 * @param logIndex the log index of the verified entry, or null
 * @param trustAnchor which CA, root or key the signature chains to
 * @param timestamps times proven by RFC 3161 timestamps
 * @param checks every check made, in order
 */
public record VerifiedSigner(String method, String subject, String issuer, Map<String, String> extensions,
    Instant integratedTime, Long logIndex, String trustAnchor, List<Instant> timestamps, List<Check> checks) {
  public VerifiedSigner {
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    timestamps = timestamps == null ? List.of() : List.copyOf(timestamps);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }
}
