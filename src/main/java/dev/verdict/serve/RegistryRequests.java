package dev.verdict.serve;

/**
 * What the registry layer reports for {@code verdict_registry_requests_total}: one call per HTTP request it sent,
 * with the registry's canonical host and the response's status code, or a value outside 100-599 (e.g. -1) when no
 * response arrived (connection, TLS or DNS failure, timeout). Implementations must be cheap and thread-safe.
 */
@FunctionalInterface
public interface RegistryRequests {
  RegistryRequests NONE = (host, status) -> { };

  void registryRequest(String host, int status);
}
