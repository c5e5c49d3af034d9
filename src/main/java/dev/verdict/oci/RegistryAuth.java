package dev.verdict.oci;

import dev.verdict.UndecidableException;
import dev.verdict.VerdictException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Answers registry challenges: Basic with docker credentials, or Bearer via the registry's token service (anonymous
 * when there are no credentials; an identity token is exchanged with an OAuth2 refresh-token POST,
 * <a href="https://distribution.github.io/distribution/spec/auth/oauth/">distribution OAuth2 token auth</a>). Authorization headers are cached per registry and scope; thread-safe.
 */
final class RegistryAuth {
  private static final long TOKEN_CAP = 1024 * 1024;
  private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofSeconds(60);
  /**
   * Cached headers at most: one per registry and repository scope, so a long-lived client that meets many
   * repositories would otherwise keep every token it was ever given. Past it, expired tokens go, then all (each
   * is fetched again when next needed).
   */
  static final int MAX_CACHED = 1024;
  private final Transport transport;
  private final CredentialSource credentials;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** Where credentials come from; loaded lazily (only when a registry asks). */
  interface CredentialSource {
    Optional<Credential> find(String registry) throws VerdictException;
  }

  private record Cached(String header, Instant expires) {}

  private final int maxCached;

  RegistryAuth(Transport transport, CredentialSource credentials) {
    this(transport, credentials, MAX_CACHED);
  }

  RegistryAuth(Transport transport, CredentialSource credentials, int maxCached) {
    this.transport = transport;
    this.credentials = credentials;
    this.maxCached = maxCached;
  }

  /** A cached Authorization header for this registry and scope, or null. */
  String cached(String registry, String scope) {
    Cached basic = cache.get(registry);
    if (basic != null) {
      return basic.header();
    }
    Cached c = cache.get(registry + " " + scope);
    return c != null && Instant.now().isBefore(c.expires()) ? c.header() : null;
  }

  /** Answers {@code challenge} (from a 401) and returns the Authorization header to retry with. */
  String authorize(String reference, String registry, String scope, String challengeHeader)
      throws VerdictException, IOException, InterruptedException {
    Challenge challenge;
    try {
      challenge = Challenge.parse(challengeHeader);
    } catch (IllegalArgumentException e) {
      throw RegistryErrors.authFailed(reference, registry);
    }
    Optional<Credential> cred = credentials.find(registry);
    if ("basic".equals(challenge.scheme())) {
      if (cred.isEmpty()) {
        throw new UndecidableException(reference, "authentication failed for " + registry
            + " (it asks for a login and no credentials were found in docker's config.json)");
      }
      if (cred.get().isIdentityToken()) {
        throw new UndecidableException(reference, "authentication failed for " + registry + " (its login is an "
            + "identity token, which needs a token service, and the registry asks for Basic)");
      }
      String header = cred.get().basicHeader();
      remember(registry, new Cached(header, Instant.MAX));
      return header;
    }
    if (!"bearer".equals(challenge.scheme()) || challenge.param("realm") == null) {
      throw RegistryErrors.authFailed(reference, registry);
    }
    Cached token = fetchToken(reference, registry, scope, challenge, cred);
    remember(registry + " " + scope, token);
    return token.header();
  }

  private void remember(String key, Cached value) {
    if (cache.size() >= maxCached) {
      Instant now = Instant.now();
      cache.values().removeIf(c -> !now.isBefore(c.expires()));
      if (cache.size() >= maxCached) {
        cache.clear();
      }
    }
    cache.put(key, value);
  }

  /** Headers cached now (for tests). */
  int cachedCount() {
    return cache.size();
  }

  private Cached fetchToken(String reference, String registry, String scope, Challenge c, Optional<Credential> cred)
      throws VerdictException, IOException, InterruptedException {
    URI realm;
    try {
      realm = URI.create(c.param("realm"));
    } catch (IllegalArgumentException e) {
      throw RegistryErrors.authFailed(reference, registry);
    }
    String authority = realm.getAuthority() == null ? "" : realm.getAuthority();
    boolean https = "https".equals(realm.getScheme());
    if (!https && !("http".equals(realm.getScheme()) && transport.plainHttpAllowed(authority))) {
      throw new UndecidableException(reference, "registry " + registry + " sends logins to non-HTTPS token service "
          + realm + "; refusing");
    }
    StringBuilder q = new StringBuilder();
    if (c.param("service") != null) {
      q.append("service=").append(enc(c.param("service"))).append('&');
    }
    q.append("scope=").append(enc(scope));
    Transport.Response r;
    if (cred.isPresent() && cred.get().isIdentityToken()) {
      // OAuth2 refresh-token grant (distribution token auth, "Requesting a Token" with grant_type=refresh_token)
      String form = q + "&grant_type=refresh_token&client_id=verdict&refresh_token="
          + enc(cred.get().identityToken());
      r = transport.send(new Transport.Call(registry, "POST", realm, Map.of("Accept", "application/json"), null,
          form), TOKEN_CAP);
    } else {
      String sep = realm.getRawQuery() == null ? "?" : "&";
      URI uri = URI.create(realm + sep + q);
      r = transport.send(new Transport.Call(registry, "GET", uri, Map.of("Accept", "application/json"),
          cred.map(Credential::basicHeader).orElse(null)), TOKEN_CAP);
    }
    if (r.status() != 200 || r.truncated()) {
      throw RegistryErrors.authFailed(reference, registry);
    }
    try {
      JsonNode n = Json.tree(r.body());
      String token = Json.text(n, "token");
      if (token == null || token.isEmpty()) {
        token = Json.text(n, "access_token");
      }
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("no token");
      }
      long life = n.path("expires_in").asLong(0);
      Duration d = life > 0 ? Duration.ofSeconds(life) : DEFAULT_TOKEN_LIFE;
      // Renew a little early so a token does not expire between the cache check and the request.
      return new Cached("Bearer " + token, Instant.now().plus(d).minusSeconds(Math.min(10, d.getSeconds() / 2)));
    } catch (IllegalArgumentException e) {
      throw new UndecidableException(reference, "token service of " + registry + " returned no usable token", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
