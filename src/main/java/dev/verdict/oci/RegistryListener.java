package dev.verdict.oci;

/**
 * Told of every HTTP request the registry client sends and how it ended: each attempt of a retried request, each hop
 * of a redirect, and each request to a token service. For metrics: it must be cheap and thread-safe; what it throws
 * is ignored (an observer never changes a decision).
 */
@FunctionalInterface
public interface RegistryListener {
  /** The status reported for a request that got no HTTP response (connection, TLS or DNS failure, timeout). */
  int NO_RESPONSE = -1;

  /** Hears nothing. */
  RegistryListener NONE = (registry, status) -> { };

  /**
   * One request ended.
   *
   * @param registry the registry the request was made for, as image references name it ({@code host[:port]}), also
   *     for the requests to its token service and to where it redirects (hosts the registry chooses); never a
   *     repository, digest or URL
   * @param status the HTTP status code, or {@link #NO_RESPONSE}
   */
  void requested(String registry, int status);
}
