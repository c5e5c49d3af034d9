package dev.verdict.oci;

import dev.verdict.VerdictException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads the login files ({@link AuthFiles}: podman's auth.json, then docker's config.json) the first time a registry
 * asks for a login; the first file with a login for the registry answers. Caches each registry's answer.
 */
final class LazyCredentials implements RegistryAuth.CredentialSource {
  private final List<Path> files;
  private final CredentialHelper helpers;
  private final ConcurrentMap<String, Optional<Credential>> found = new ConcurrentHashMap<>();
  private volatile List<DockerConfig> configs;

  LazyCredentials(RegistryOptions opts, CredentialHelper helpers) {
    this(opts.dockerConfigDir() != null ? List.of(opts.dockerConfigDir().resolve("config.json"))
        : AuthFiles.search(System::getenv, System.getProperty("user.home")), helpers);
  }

  LazyCredentials(List<Path> files, CredentialHelper helpers) {
    this.files = List.copyOf(files);
    this.helpers = helpers;
  }

  @Override
  public Optional<Credential> find(String registry) throws VerdictException {
    Optional<Credential> c = found.get(registry);
    if (c == null) {
      c = Optional.empty(); // a helper may run twice under a race; harmless, and no lock held while it runs
      for (DockerConfig config : configs()) {
        c = config.find(registry);
        if (c.isPresent()) {
          break;
        }
      }
      found.putIfAbsent(registry, c);
    }
    return c;
  }

  private List<DockerConfig> configs() throws VerdictException {
    List<DockerConfig> c = configs;
    if (c == null) {
      synchronized (this) {
        if (configs == null) {
          List<DockerConfig> loaded = new java.util.ArrayList<>();
          for (Path f : files) {
            loaded.add(DockerConfig.loadFile(f, helpers));
          }
          configs = List.copyOf(loaded);
        }
        c = configs;
      }
    }
    return c;
  }
}
