package dev.verdict.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a real registry ({@link RegistryServer}) that counts what reaches it and injects faults:
 * a status (503 or 429, with or without {@code Retry-After}) or a hang for requests whose path matches, and
 * optionally a bearer-token service of its own, so token reuse can be counted. Each request is recorded with the
 * client's port, so distinct ports are distinct TCP connections. Test-only.
 */
public final class FaultyRegistryProxy implements AutoCloseable {
  /** One request as it reached the proxy. */
  public record Seen(String method, String path, int clientPort, String authorization, int status) {}

  private record Fault(Predicate<String> path, int status, Map<String, String> headers, Duration hang) {}

  private final String upstream;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faulty-registry-proxy");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Set<String> liveTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private volatile int tokenLifeSeconds = -1;

  private FaultyRegistryProxy(String upstreamHost) throws IOException {
    this.upstream = upstreamHost;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A proxy to {@code upstreamHost} ({@code 127.0.0.1:PORT}). */
  public static FaultyRegistryProxy start(String upstreamHost) throws IOException {
    return new FaultyRegistryProxy(upstreamHost);
  }

  /** {@code 127.0.0.1:PORT} of the proxy: image references name this host. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code status} (with {@code headerPairs}) to requests whose path satisfies {@code path}. */
  public FaultyRegistryProxy fail(Predicate<String> path, int status, String... headerPairs) {
    Map<String, String> h = new java.util.LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      h.put(headerPairs[i], headerPairs[i + 1]);
    }
    faults.add(new Fault(path, status, h, null));
    return this;
  }

  /** Holds requests whose path satisfies {@code path} for {@code d} before answering them normally. */
  public FaultyRegistryProxy hang(Predicate<String> path, Duration d) {
    faults.add(new Fault(path, 0, Map.of(), d));
    return this;
  }

  /** Removes every fault. */
  public void heal() {
    faults.clear();
  }

  /**
   * Requires a bearer token on every registry request (401 with a challenge naming this proxy's {@code /token}
   * otherwise), issuing tokens that live {@code expiresInSeconds} ({@code 0}: the token answer names no
   * {@code expires_in}).
   */
  public FaultyRegistryProxy requireBearer(int expiresInSeconds) {
    tokenLifeSeconds = expiresInSeconds;
    return this;
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Requests whose path satisfies {@code path}. */
  public long requests(Predicate<String> path) {
    return seen.stream().filter(s -> path.test(s.path())).count();
  }

  /** Distinct TCP connections the requests came over. */
  public long connections() {
    return seen.stream().map(Seen::clientPort).distinct().count();
  }

  public int tokensIssued() {
    return tokensIssued.get();
  }

  /** Forgets what was seen (not the faults). */
  public void reset() {
    seen.clear();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      int status = answer(ex, path, query, auth);
      seen.add(new Seen(ex.getRequestMethod(), path, ex.getRemoteAddress().getPort(), auth, status));
    }
  }

  private int answer(HttpExchange ex, String path, String query, String auth) throws IOException {
    for (Fault f : faults) {
      if (f.path().test(path)) {
        if (f.hang() != null) {
          try {
            Thread.sleep(f.hang().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
          }
          break;
        }
        f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] body = "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected\"}]}"
            .getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(f.status(), body.length);
        ex.getResponseBody().write(body);
        return f.status();
      }
    }
    int life = tokenLifeSeconds;
    if (life >= 0 && path.equals("/token")) {
      String token = "t" + tokensIssued.incrementAndGet();
      liveTokens.add(token);
      if (life > 0) {
        executor.submit(() -> {
          Thread.sleep(life * 1000L);
          return liveTokens.remove(token);
        });
      }
      byte[] body = ("{\"token\":\"" + token + "\"" + (life > 0 ? ",\"expires_in\":" + life : "") + "}")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      return 200;
    }
    if (life >= 0 && path.startsWith("/v2/") && (auth == null || !auth.startsWith("Bearer ")
        || !liveTokens.contains(auth.substring(7)))) {
      ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host() + "/token\","
          + "service=\"faulty-proxy\"");
      ex.sendResponseHeaders(401, -1);
      return 401;
    }
    return forward(ex, path, query);
  }

  private int forward(HttpExchange ex, String path, String query) throws IOException {
    URI uri = URI.create("http://" + upstream + path + (query == null ? "" : "?" + query));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    String accept = ex.getRequestHeaders().getFirst("Accept");
    if (accept != null) {
      b.header("Accept", accept);
    }
    b.method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
    HttpResponse<byte[]> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    r.headers().map().forEach((k, vs) -> {
      String name = k.toLowerCase(Locale.ROOT);
      if (!name.equals("content-length") && !name.equals("connection") && !name.equals("transfer-encoding")
          && !name.equals("date") && !name.startsWith(":")) {
        vs.forEach(v -> ex.getResponseHeaders().add(k, v));
      }
    });
    byte[] body = r.body();
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(r.statusCode(), head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      ex.getResponseBody().write(body);
    }
    return r.statusCode();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
