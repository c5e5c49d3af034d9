package dev.verdict.oci;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to talk to registries.
 *
 * @param insecureHosts hosts ({@code host} or {@code host:port}) spoken to over plain HTTP; loopback registries
 *     always are
 * @param extraCaFile PEM file of CA certificates trusted in addition to the system trust store, or null
 * @param dockerConfigDir directory holding docker's {@code config.json}, the only login file then; null means the
 *     files {@link AuthFiles} lists (podman's auth.json, then {@code $DOCKER_CONFIG} or {@code ~/.docker})
 * @param timeout connect and per-request timeout
 * @param maxRetries retries of one request after 429, 5xx or a transient network error (0 = none)
 * @param listener told of every request sent to a registry ({@link RegistryListener#NONE} when null)
 */
public record RegistryOptions(Set<String> insecureHosts, Path extraCaFile, Path dockerConfigDir, Duration timeout,
    int maxRetries, RegistryListener listener) {
  public RegistryOptions {
    listener = listener == null ? RegistryListener.NONE : listener;
    insecureHosts = insecureHosts == null ? Set.of()
        : insecureHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("registry timeout must be positive");
    }
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("registry retries must be between 0 and 10");
    }
  }

  /** Options that tell no listener. */
  public RegistryOptions(Set<String> insecureHosts, Path extraCaFile, Path dockerConfigDir, Duration timeout,
      int maxRetries) {
    this(insecureHosts, extraCaFile, dockerConfigDir, timeout, maxRetries, RegistryListener.NONE);
  }

  /** No insecure hosts, system trust only, docker config from the environment, 30 s timeout, 3 retries. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(Set.of(), null, null, Duration.ofSeconds(30), 3);
  }

  public RegistryOptions withDockerConfigDir(Path dir) {
    return new RegistryOptions(insecureHosts, extraCaFile, dir, timeout, maxRetries, listener);
  }

  public RegistryOptions withTimeout(Duration t) {
    return new RegistryOptions(insecureHosts, extraCaFile, dockerConfigDir, t, maxRetries, listener);
  }

  public RegistryOptions withMaxRetries(int retries) {
    return new RegistryOptions(insecureHosts, extraCaFile, dockerConfigDir, timeout, retries, listener);
  }

  public RegistryOptions withListener(RegistryListener l) {
    return new RegistryOptions(insecureHosts, extraCaFile, dockerConfigDir, timeout, maxRetries, l);
  }
}
