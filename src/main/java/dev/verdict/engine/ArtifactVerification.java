package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.UndecidableException;
import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.result.Check;
import dev.verdict.sigstore.ArtifactInput;
import dev.verdict.sigstore.BundleResult;
import dev.verdict.sigstore.BundleVerifier;
import dev.verdict.sigstore.CertificateRequirements;
import dev.verdict.sigstore.Identity;
import dev.verdict.sigstore.KeyRequirements;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.sigstore.SignerRequirements;
import dev.verdict.sigstore.SigstoreVerificationException;
import dev.verdict.sigstore.StringMatch;
import dev.verdict.sigstore.TrustedRoot;
import dev.verdict.trust.TrustRoots;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.PatternSyntaxException;

/**
 * The entry point of {@code verify-artifact}: a file or digest against a Sigstore bundle, offline.
 *
 * @param artifact a file, or {@code sha256:HEX} (sha384, sha512)
 * @param key the signer's PEM public key, or null for keyless
 * @param trustedRoot a trusted_root.json, the TUF cache, or null
 * @param extensions required Fulcio claims by name, besides the keyless flags' GitHub claims
 */
public record ArtifactVerification(String artifact, Path bundle, Path key, KeylessIdentity keyless, Path trustedRoot,
    boolean requireFreshTrust, Map<String, String> extensions) {
  /** The cap on a bundle file, as on an attestation file given to {@code verify}. */
  static final long MAX_BUNDLE_BYTES = 32L << 20;

  /**
   * What the verification found.
   *
   * @param kind what the bundle signs (message signature, DSSE...), or null when not verified
   * @param error why it was not verified, or null
   */
  public record Result(boolean verified, String kind, List<Check> checks, String error) {
    public Result {
      checks = List.copyOf(checks);
    }
  }

  /**
   * Verifies; a bundle that does not verify is a result, bad input an exception.
   *
   * @param warnings told of trust-root warnings (expired TUF metadata) as soon as the root is read
   */
  public Result verify(Consumer<String> warnings) throws VerdictException {
    SignerRequirements req = requirements(warnings);
    ArtifactInput input = artifactInput();
    byte[] bundleBytes = read(bundle, "bundle", MAX_BUNDLE_BYTES);
    try {
      BundleResult r = BundleVerifier.verify(bundleBytes, input, req);
      return new Result(true, r.kind(), r.signer().checks(), null);
    } catch (SigstoreVerificationException e) {
      return new Result(false, null, e.checks(), e.getMessage());
    }
  }

  private SignerRequirements requirements(Consumer<String> warnings)
      throws UsageException, ConfigException, UndecidableException {
    boolean certificate = keyless.identityOptions().any();
    boolean ignoreTlog = keyless.ignoreTlog();
    if ((key == null) == !certificate) {
      throw new UsageException("give either --key or --certificate-identity[-regexp] with "
          + "--certificate-oidc-issuer[-regexp]");
    }
    TrustRoots roots = TrustRoots.of(requireFreshTrust);
    TrustedRoot root = trustedRoot == null ? null : roots.get(trustedRoot);
    roots.warnings().forEach(warnings);
    if (key != null) {
      if (!extensions.isEmpty() || !keyless.githubClaims().isEmpty()) {
        throw new UsageException("certificate claims (--certificate-extension, --certificate-github-workflow-*) "
            + "apply to keyless verification, not to --key");
      }
      PublicKeyVerifier k = PublicKeyVerifier.load(key);
      if (root == null && !ignoreTlog) {
        throw new UsageException("--key needs --trusted-root for the Rekor keys, or --insecure-ignore-tlog");
      }
      return new KeyRequirements(k, root, !ignoreTlog);
    }
    String identity = keyless.identity();
    String identityRegexp = keyless.identityRegexp();
    String issuer = keyless.issuer();
    String issuerRegexp = keyless.issuerRegexp();
    if ((identity == null) == (identityRegexp == null) || (issuer == null) == (issuerRegexp == null)) {
      throw new UsageException("give exactly one of --certificate-identity and --certificate-identity-regexp, "
          + "and exactly one of --certificate-oidc-issuer and --certificate-oidc-issuer-regexp");
    }
    if (root == null) {
      throw new UsageException("keyless verification needs --trusted-root FILE, or --trusted-root tuf after "
          + "'verdict trust update' (verdict never fetches trust material while verifying)");
    }
    Map<String, String> claims = new LinkedHashMap<>(extensions);
    for (Map.Entry<String, String> g : keyless.githubClaims().entrySet()) {
      if (claims.containsKey(g.getKey()) && !claims.get(g.getKey()).equals(g.getValue())) {
        throw new UsageException("--certificate-extension " + g.getKey() + " and its --certificate-github-workflow-* "
            + "flag differ");
      }
      claims.put(g.getKey(), g.getValue());
    }
    try {
      StringMatch subject = identity != null ? StringMatch.exact(identity) : StringMatch.regexp(identityRegexp);
      StringMatch iss = issuer != null ? StringMatch.exact(issuer) : StringMatch.regexp(issuerRegexp);
      return new CertificateRequirements(root, List.of(), List.of(), List.of(new Identity(iss, subject)),
          claims, !ignoreTlog, !keyless.ignoreSct());
    } catch (PatternSyntaxException e) {
      throw new UsageException("bad regular expression: " + e.getDescription() + " in " + e.getPattern());
    }
  }

  private ArtifactInput artifactInput() throws UsageException, ConfigException {
    if (artifact.matches("(?i)sha(256|384|512):[0-9a-f]+")) {
      try {
        return ArtifactInput.parseDigest(artifact);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return ArtifactInput.ofBytes(read(Path.of(artifact), "artifact", Integer.MAX_VALUE - 8));
  }

  private static byte[] read(Path file, String what, long cap) throws ConfigException, UsageException {
    try {
      return InputFiles.read(file, cap);
    } catch (NoSuchFileException e) {
      if (!what.equals("artifact")) {
        // as --key and --trusted-root: a named bundle that is not there is bad configuration (exit 3)
        throw new ConfigException(file, "cannot read " + what + ": does not exist", e);
      }
      throw new UsageException(what + " file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read " + what + ": " + InputFiles.reason(e), e);
    }
  }
}
