package dev.verdict.serve;

import dev.verdict.VerdictException;
import dev.verdict.engine.EngineOptions;
import dev.verdict.engine.TrustMaterial;
import dev.verdict.engine.Verifier;
import dev.verdict.oci.RegistryListener;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicySet;
import dev.verdict.trust.TrustRoots;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Opens the engine for the webhook from what {@code serve} and {@code admission review} are given: policy files or
 * directories, a default trusted root, registry options. Also what a policy reload calls: a set that does not load
 * throws, and the caller keeps the one it has.
 */
public final class DeciderLoader {
  /** An opened engine with its policies; closing it closes the engine's registry client. */
  public record Loaded(Verifier verifier, PolicySet policies, ImageDecider decider, List<String> warnings)
      implements AutoCloseable {
    @Override
    public void close() {
      verifier.close();
    }
  }

  private final List<Path> policies;
  private final Path trustedRoot;
  private final boolean requireFreshTrust;
  private final RegistryOptions registry;

  /**
   * @param insecure registries reached over plain HTTP ({@code --insecure-registry})
   * @param registryCa extra CA certificates for registry TLS, or null
   * @param dockerConfig directory of docker's {@code config.json} (registry logins), or null for the default
   */
  public DeciderLoader(List<Path> policies, Path trustedRoot, boolean requireFreshTrust,
      java.util.Set<String> insecure, Path registryCa, Path dockerConfig) {
    this(policies, trustedRoot, requireFreshTrust, new RegistryOptions(insecure, registryCa, dockerConfig,
        RegistryOptions.defaults().timeout(), RegistryOptions.defaults().maxRetries()));
  }

  DeciderLoader(List<Path> policies, Path trustedRoot, RegistryOptions registry) {
    this(policies, trustedRoot, false, registry);
  }

  private DeciderLoader(List<Path> policies, Path trustedRoot, boolean requireFreshTrust, RegistryOptions registry) {
    this.policies = List.copyOf(policies);
    this.trustedRoot = trustedRoot;
    this.requireFreshTrust = requireFreshTrust;
    this.registry = registry;
  }

  /**
   * The same loader whose engines tell {@code listener} of every registry request (what {@code serve} counts in
   * {@code verdict_registry_requests_total}).
   */
  /**
   * The verifier's cache of manifests and blobs read by digest. The decision cache keeps what a server reuses (whole
   * decisions, 160 MiB of estimated weight); the content cache only spares a verification re-reading what it read a
   * moment ago, and at the CLI's 64 MiB it held a quarter of a 512 MiB pod's heap beside the decisions (the 50,000
   * decision row of bench/admission.sh ran out of heap).
   */
  static final long CONTENT_CACHE_BYTES = 8L << 20;

  public DeciderLoader withRegistryListener(RegistryListener listener) {
    return new DeciderLoader(policies, trustedRoot, requireFreshTrust, registry.withListener(listener));
  }

  /**
   * Loads and validates every policy and the trust material they name, and opens a verifier over them.
   *
   * @throws VerdictException a policy or trust file is invalid (exit 3) or trust material is unusable (exit 4)
   */
  public Loaded load() throws VerdictException {
    PolicySet set = PolicyLoader.load(policies);
    TrustRoots roots = TrustRoots.of(requireFreshTrust);
    TrustMaterial trust = TrustMaterial.load(set, trustedRoot, roots);
    Verifier v = Verifier.open(new Verifier.Config(set, trust, new EngineOptions(null, Clock.systemUTC()), registry,
        List.of(), CONTENT_CACHE_BYTES));
    return new Loaded(v, set, new VerifierDecider(v, set), roots.warnings());
  }

  public List<Path> policyPaths() {
    return policies;
  }
}
