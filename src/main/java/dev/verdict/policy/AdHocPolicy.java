package dev.verdict.policy;

import dev.verdict.ConfigException;
import dev.verdict.UsageException;
import dev.verdict.sigstore.Identity;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.sigstore.StringMatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * The policy the cosign-like flags stand for: every image must carry one valid signature by any of the given keys
 * or the given keyless identity, signed for its own repository unless {@code --signed-identity} says otherwise.
 */
public final class AdHocPolicy {
  public static final String NAME = "ad-hoc";

  private AdHocPolicy() {}

  public static PolicySet build(List<Path> keys, IdentityOptions id, Path trustedRoot, SignedIdentity signedIdentity)
      throws ConfigException, UsageException {
    return build(keys, id, KeylessOptions.NONE, trustedRoot, signedIdentity);
  }

  /** With {@code keyless}: the Fulcio claims and the log and SCT requirements of the keyless identity. */
  public static PolicySet build(List<Path> keys, IdentityOptions id, KeylessOptions keyless, Path trustedRoot,
      SignedIdentity signedIdentity) throws ConfigException, UsageException {
    if (!keyless.extensions().isEmpty() && !id.any()) {
      throw new UsageException(String.join(", ", keyless.flags()) + ": certificate claims apply to keyless "
          + "verification; add --certificate-identity(-regexp) and --certificate-oidc-issuer(-regexp)");
    }
    List<Authority> authorities = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Path p = keys.get(i);
      authorities.add(new Authority.Key("key-" + (i + 1) + " (" + p.getFileName() + ")", new Location(p.toString(), 0,
          0), PublicKeyVerifier.load(p), p.toString()));
    }
    if (id.any()) {
      Identity identity = id.toIdentity();
      if (trustedRoot == null) {
        throw new UsageException("keyless verification needs --trusted-root FILE, or --trusted-root tuf after "
            + "'verdict trust update' (verification is offline)");
      }
      authorities.add(new Authority.Keyless("keyless", Location.NONE, trustedRoot, List.of(identity),
          keyless.extensions(), keyless.ignoreTlog() ? TlogMode.OPTIONAL : TlogMode.REQUIRED,
          keyless.ignoreSct() ? TlogMode.OPTIONAL : TlogMode.REQUIRED));
    }
    List<String> from = authorities.stream().map(Authority::name).toList();
    ImagePolicy policy = new ImagePolicy(NAME, Location.NONE, List.of("**"), Mode.ENFORCE, authorities,
        new SignatureRule(1, from, Location.NONE), signedIdentity, List.of(), List.of());
    return new PolicySet(List.of(policy));
  }


  /**
   * cosign's {@code --certificate-github-workflow-*} flags as Fulcio claims (each flag's name by claim, in order), and
   * {@code --insecure-ignore-tlog} / {@code --insecure-ignore-sct}.
   */
  public record KeylessOptions(Map<String, String> extensions, List<String> flags, boolean ignoreTlog, boolean ignoreSct) {
    public static final KeylessOptions NONE = new KeylessOptions(Map.of(), List.of(), false, false);

    public KeylessOptions {
      extensions = Map.copyOf(extensions);
      flags = List.copyOf(flags);
    }

    public boolean any() {
      return !extensions.isEmpty() || ignoreTlog || ignoreSct;
    }
  }

  /** {@code --certificate-identity(-regexp)} and {@code --certificate-oidc-issuer(-regexp)}. */
  public record IdentityOptions(String identity, String identityRegexp, String issuer, String issuerRegexp) {
    public boolean any() {
      return identity != null || identityRegexp != null || issuer != null || issuerRegexp != null;
    }

    public Identity toIdentity() throws UsageException {
      if (identity != null && identityRegexp != null || issuer != null && issuerRegexp != null) {
        throw new UsageException("give either --certificate-identity or --certificate-identity-regexp, and either "
            + "--certificate-oidc-issuer or --certificate-oidc-issuer-regexp, not both");
      }
      if (identity == null && identityRegexp == null) {
        throw new UsageException("keyless verification needs --certificate-identity or --certificate-identity-regexp");
      }
      if (issuer == null && issuerRegexp == null) {
        throw new UsageException(
            "keyless verification needs --certificate-oidc-issuer or --certificate-oidc-issuer-regexp");
      }
      try {
        return new Identity(issuer != null ? StringMatch.exact(issuer) : StringMatch.regexp(issuerRegexp),
            identity != null ? StringMatch.exact(identity) : StringMatch.regexp(identityRegexp));
      } catch (PatternSyntaxException e) {
        throw new UsageException("invalid regular expression: " + e.getDescription() + " in '" + e.getPattern() + "'");
      }
    }
  }
}
