package dev.verdict.policy;

import java.util.List;

/**
 * Names accepted under {@code keyless.extensions}: the Fulcio certificate extension claims, spelt as sigstore-go's
 * {@code certificate.Extensions} JSON fields (OIDs 1.3.6.1.4.1.57264.1.8 to .1.22, see
 * <a href="https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md">Fulcio OID info</a>).
 */
final class FulcioExtensions {
  static final List<String> NAMES = List.of("issuer", "buildSignerURI", "buildSignerDigest", "runnerEnvironment",
      "sourceRepositoryURI", "sourceRepositoryDigest", "sourceRepositoryRef", "sourceRepositoryIdentifier",
      "sourceRepositoryOwnerURI", "sourceRepositoryOwnerIdentifier", "buildConfigURI", "buildConfigDigest",
      "buildTrigger", "runInvocationURI", "sourceRepositoryVisibilityAtSigning");

  private FulcioExtensions() {}
}
