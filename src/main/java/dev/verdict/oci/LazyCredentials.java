package dev.verdict.oci;

import dev.verdict.VerdictException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Reads docker's config.json the first time a registry asks for a login; caches each registry's answer. */
final class LazyCredentials implements RegistryAuth.CredentialSource {
  private final RegistryOptions opts;
  private final CredentialHelper helpers;
  private final ConcurrentMap<String, Optional<Credential>> found = new ConcurrentHashMap<>();
  private volatile DockerConfig config;

  LazyCredentials(RegistryOptions opts, CredentialHelper helpers) {
    this.opts = opts;
    this.helpers = helpers;
  }

  @Override
  public Optional<Credential> find(String registry) throws VerdictException {
    Optional<Credential> c = found.get(registry);
    if (c == null) {
      c = config().find(registry); // a helper may run twice under a race; harmless, and no lock held while it runs
      found.putIfAbsent(registry, c);
    }
    return c;
  }

  private DockerConfig config() throws VerdictException {
    DockerConfig c = config;
    if (c == null) {
      synchronized (this) {
        if (config == null) {
          config = DockerConfig.load(opts.effectiveDockerConfigDir(), helpers);
        }
        c = config;
      }
    }
    return c;
  }
}
