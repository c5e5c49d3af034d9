package dev.verdict.engine;

import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.oci.Platform;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.AdHocPolicy;
import dev.verdict.policy.LoadResult;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicySet;
import dev.verdict.policy.SbomPolicy;
import dev.verdict.policy.SignedIdentity;
import dev.verdict.trust.TrustRoots;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code verify}'s flags stand for: policy files or the ad-hoc policy of cosign-like flags, the trust material
 * they name, local attestations, the platform and the registry settings; {@link #open} opens the {@link Verifier}.
 *
 * @param signedIdentity repository, exact or any (ad hoc), or null
 * @param remaps {@code FROM=SIGNED_AS} (ad hoc)
 * @param platform {@code OS/ARCH[/VARIANT]}, or null
 */
public record VerifierSetup(List<Path> policies, List<Path> keys, KeylessIdentity keyless, String signedIdentity,
    List<String> remaps, Path trustedRoot, boolean requireFreshTrust, List<Path> attestationFiles, String platform,
    Set<String> insecure, Path registryCa) {

  /**
   * Loads everything and opens the verifier.
   *
   * @param notes told what is loaded but ignored (an SbomPolicy constrains no image)
   * @param warnings told of trust-root warnings (expired TUF metadata)
   */
  public Verifier open(Consumer<String> notes, Consumer<String> warnings) throws VerdictException {
    PolicySet policySet = policySet(notes);
    TrustRoots roots = TrustRoots.of(requireFreshTrust);
    TrustMaterial trust = TrustMaterial.load(policySet, trustedRoot, roots);
    roots.warnings().forEach(warnings);
    List<LocalAttestation> local = new ArrayList<>();
    for (Path p : attestationFiles) {
      local.add(LocalAttestation.read(p));
    }
    EngineOptions options = new EngineOptions(platform == null ? null : parsedPlatform(), Clock.systemUTC(), local);
    RegistryOptions registry = new RegistryOptions(Set.copyOf(insecure), registryCa, null,
        RegistryOptions.defaults().timeout(), RegistryOptions.defaults().maxRetries());
    List<String> flags = platform == null ? List.of() : List.of("--platform=" + platform);
    return Verifier.open(new Verifier.Config(policySet, trust, options, registry, flags));
  }

  private Platform parsedPlatform() throws UsageException {
    try {
      return Platform.parse(platform);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--platform: " + e.getMessage());
    }
  }

  private PolicySet policySet(Consumer<String> notes) throws VerdictException {
    AdHocPolicy.IdentityOptions id = keyless.identityOptions();
    AdHocPolicy.KeylessOptions claims = new AdHocPolicy.KeylessOptions(keyless.githubClaims(),
        keyless.githubFlags(), keyless.ignoreTlog(), keyless.ignoreSct());
    boolean adHoc = !keys.isEmpty() || id.any();
    if (!policies.isEmpty()) {
      if (adHoc || claims.any() || signedIdentity != null || !remaps.isEmpty()) {
        throw new UsageException("--policy cannot be combined with ad-hoc flags (--key, --certificate-*, "
            + "--insecure-ignore-*, --signed-identity*); put them in the policy");
      }
      LoadResult loaded = PolicyLoader.loadAll(policies);
      PolicySet images = PolicyLoader.images(loaded, policies);
      // an SbomPolicy constrains no image: it can neither allow nor deny one, so verify leaves it out, and says so
      for (SbomPolicy p : loaded.sbomPolicies()) {
        notes.accept(p.location() + ": SbomPolicy '" + p.name() + "' constrains no image; verify ignores it (sbom "
            + "check and policy test use it)");
      }
      return images;
    }
    if (!adHoc) {
      throw new UsageException("nothing to verify against: give --policy FILE|DIR, or --key FILE, or "
          + "--certificate-identity(-regexp) with --certificate-oidc-issuer(-regexp)");
    }
    return AdHocPolicy.build(keys, id, claims, trustedRoot, signedIdentityRule());
  }

  private SignedIdentity signedIdentityRule() throws UsageException {
    if (!remaps.isEmpty()) {
      if (signedIdentity != null) {
        throw new UsageException("--signed-identity and --signed-identity-remap are exclusive");
      }
      List<SignedIdentity.Remap> list = new ArrayList<>();
      for (String r : remaps) {
        int eq = r.indexOf('=');
        if (eq <= 0 || eq == r.length() - 1) {
          throw new UsageException("--signed-identity-remap '" + r + "': expected FROM=SIGNED_AS");
        }
        try {
          list.add(new SignedIdentity.Remap(r.substring(0, eq), r.substring(eq + 1)));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--signed-identity-remap '" + r + "': " + e.getMessage());
        }
      }
      return new SignedIdentity(SignedIdentity.Kind.REMAP, list);
    }
    if (signedIdentity == null) {
      return SignedIdentity.REPOSITORY;
    }
    return switch (signedIdentity) {
      case "repository" -> SignedIdentity.REPOSITORY;
      case "exact" -> new SignedIdentity(SignedIdentity.Kind.EXACT, List.of());
      case "any" -> new SignedIdentity(SignedIdentity.Kind.ANY, List.of());
      default -> throw new UsageException("--signed-identity must be repository, exact or any");
    };
  }
}
