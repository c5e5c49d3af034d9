package dev.verdict.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.verdict.oci.Digest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A reverse proxy on 127.0.0.1 in front of a test registry ({@link RegistryServer}) that injects faults: a delay per
 * request, a black hole (the request is accepted and never answered), 429 or 503 with {@code Retry-After}, and a tag
 * whose manifest requests are answered with another digest's manifest (the tag moved); and, optionally, a bearer
 * token service of its own ({@link #requireBearer}), so token reuse can be counted. It counts requests by path and
 * records each with its answer's status and the client's port (distinct ports are distinct TCP connections), so a
 * test can say how much registry traffic a scenario caused and over how many connections. Point the code under test
 * at {@link #host()} instead of the registry's.
 *
 * <p>Faults are rules tried in the order they were added; the first that matches a request (and has uses left)
 * applies. {@link #clearFaults} removes them all; counts stay until {@link #resetCounts}.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
      "date");

  private final URI upstream;
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Map<String, String> movedTags = new ConcurrentHashMap<>();
  private volatile CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger held = new AtomicInteger();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Set<String> liveTokens = ConcurrentHashMap.newKeySet();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private volatile int tokenLifeSeconds = -1;

  /** A request as the rules see it. */
  public record Request(String method, String path) {}

  /**
   * One request once answered: its client's port (one per TCP connection), its Authorization header, and the status
   * it got (0 when none: held by a black hole, or the client went away).
   */
  public record Seen(String method, String path, int clientPort, String authorization, int status) {}

  private sealed interface Action permits Delay, BlackHole, Status {}

  private record Delay(Duration delay) implements Action {}

  private record BlackHole() implements Action {}

  private record Status(int code, Duration retryAfter, Map<String, String> headers) implements Action {}

  private record Rule(Predicate<Request> matches, AtomicInteger uses, Action action) {
    boolean take(Request r) {
      if (!matches.test(r)) {
        return false;
      }
      while (true) {
        int left = uses.get();
        if (left == 0) {
          return false;
        }
        if (left < 0 || uses.compareAndSet(left, left - 1)) {
          return true;
        }
      }
    }
  }

  private FaultProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).executor(pool).build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A proxy forwarding to {@code upstream} (e.g. {@code RegistryServer.url()}). */
  public static FaultProxy start(URI upstream) throws IOException {
    return new FaultProxy(upstream);
  }

  /** {@code 127.0.0.1:port}: the registry host to give the code under test. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public URI url() {
    return URI.create("http://" + host());
  }

  /** Every request waits {@code d} before it is forwarded. */
  public FaultProxy delay(Duration d) {
    return delay(r -> true, d);
  }

  public FaultProxy delay(Predicate<Request> which, Duration d) {
    rules.add(new Rule(which, new AtomicInteger(-1), new Delay(d)));
    return this;
  }

  /** Every request is accepted and never answered (until the proxy closes). */
  public FaultProxy blackHole() {
    return blackHole(r -> true);
  }

  public FaultProxy blackHole(Predicate<Request> which) {
    rules.add(new Rule(which, new AtomicInteger(-1), new BlackHole()));
    return this;
  }

  /**
   * The next {@code times} matching requests (all of them when negative) get {@code status} (429, 503...) with
   * {@code Retry-After} in whole seconds (none when null) and a distribution-style error body.
   */
  public FaultProxy fail(Predicate<Request> which, int status, Duration retryAfter, int times) {
    rules.add(new Rule(which, new AtomicInteger(times), new Status(status, retryAfter, Map.of())));
    return this;
  }

  /**
   * The next {@code times} matching requests (all of them when negative) get {@code status} with the given headers
   * ({@code name, value, name, value...}, e.g. a {@code WWW-Authenticate} challenge or an HTTP-date
   * {@code Retry-After}) and a distribution-style error body.
   */
  public FaultProxy fail(Predicate<Request> which, int status, int times, String... headerPairs) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    rules.add(new Rule(which, new AtomicInteger(times), new Status(status, null, Map.copyOf(headers))));
    return this;
  }

  /** Manifest requests for {@code repository:tag} are answered with the manifest of {@code to}. */
  public FaultProxy moveTag(String repository, String tag, Digest to) {
    movedTags.put("/v2/" + repository + "/manifests/" + tag, "/v2/" + repository + "/manifests/" + to);
    return this;
  }

  /**
   * Requires a bearer token on every {@code /v2/} request (401 with a challenge naming this proxy's {@code /token}
   * otherwise), issuing tokens that live {@code expiresInSeconds} ({@code 0}: the token answer names no
   * {@code expires_in}). Stays on until the proxy closes; the proxy's tokens are not forwarded to the registry.
   */
  public FaultProxy requireBearer(int expiresInSeconds) {
    tokenLifeSeconds = expiresInSeconds;
    return this;
  }

  /** Tokens the {@link #requireBearer} service issued. */
  public int tokensIssued() {
    return tokensIssued.get();
  }

  /** Removes every fault (delays, black holes, statuses, moved tags) and releases held requests. */
  public void clearFaults() {
    rules.clear();
    movedTags.clear();
    CountDownLatch old = release;
    release = new CountDownLatch(1);
    old.countDown(); // held requests end without an answer (the connection closes)
  }

  /** Requests seen for exactly {@code path} (without the query). */
  public int count(String path) {
    AtomicInteger n = byPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** Requests seen whose path matches. */
  public int count(Predicate<String> path) {
    return byPath.entrySet().stream().filter(e -> path.test(e.getKey())).mapToInt(e -> e.getValue().get()).sum();
  }

  public int total() {
    return count(p -> true);
  }

  /** Requests held by a black hole now. */
  public int held() {
    return held.get();
  }

  /** Every request seen, as {@code METHOD path}, in order. */
  public List<String> log() {
    return new ArrayList<>(log);
  }

  /** Every request answered since the last {@link #resetCounts}, in the order the answers went out. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Distinct TCP connections the answered requests came over. */
  public long connections() {
    return seen.stream().map(Seen::clientPort).distinct().count();
  }

  public void resetCounts() {
    byPath.clear();
    log.clear();
    seen.clear();
  }

  /** Matches requests whose path starts with {@code prefix}. */
  public static Predicate<Request> pathStartsWith(String prefix) {
    return r -> r.path().startsWith(prefix);
  }

  /** Matches manifest requests ({@code /v2/.../manifests/...}). */
  public static Predicate<Request> manifests() {
    return r -> r.path().startsWith("/v2/") && r.path().contains("/manifests/");
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      Request req = new Request(ex.getRequestMethod(), path);
      byPath.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      log.add(req.method() + " " + path);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      int status = 0;
      try {
        status = answer(ex, req, auth);
      } finally {
        seen.add(new Seen(req.method(), path, ex.getRemoteAddress().getPort(), auth, status));
      }
    }
  }

  /** Answers one request; returns the status sent (0 for none). */
  private int answer(HttpExchange ex, Request req, String auth) throws IOException {
    String path = req.path();
    for (Rule rule : rules) {
      if (!rule.take(req)) {
        continue;
      }
      if (rule.action() instanceof BlackHole) {
        hold();
        return 0;
      }
      if (rule.action() instanceof Status s) {
        status(ex, s);
        return s.code();
      }
      if (rule.action() instanceof Delay d) {
        sleep(d.delay());
      }
      break;
    }
    int life = tokenLifeSeconds;
    if (life >= 0 && path.equals("/token")) {
      return token(ex, life);
    }
    if (life >= 0 && path.startsWith("/v2/") && (auth == null || !auth.startsWith("Bearer ")
        || !liveTokens.contains(auth.substring(7)))) {
      ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host() + "/token\","
          + "service=\"fault-proxy\"");
      ex.sendResponseHeaders(401, -1);
      return 401;
    }
    return forward(ex, movedTags.getOrDefault(path, path), life >= 0);
  }

  private int token(HttpExchange ex, int life) throws IOException {
    String token = "t" + tokensIssued.incrementAndGet();
    liveTokens.add(token);
    if (life > 0) {
      pool.submit(() -> {
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

  private void hold() {
    CountDownLatch until = release;
    held.incrementAndGet();
    try {
      until.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      held.decrementAndGet();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void status(HttpExchange ex, Status s) throws IOException {
    byte[] body = ("{\"errors\":[{\"code\":\"" + (s.code() == 429 ? "TOOMANYREQUESTS" : "UNAVAILABLE")
        + "\",\"message\":\"injected by FaultProxy\"}]}").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    s.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    if (s.retryAfter() != null) {
      ex.getResponseHeaders().set("Retry-After", Long.toString(s.retryAfter().toSeconds()));
    }
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(s.code(), -1);
      return;
    }
    ex.sendResponseHeaders(s.code(), body.length);
    ex.getResponseBody().write(body);
  }

  /** Sends the request on to the registry ({@code ownTokens}: without the Authorization this proxy issued). */
  private int forward(HttpExchange ex, String path, boolean ownTokens) throws IOException {
    String query = ex.getRequestURI().getRawQuery();
    URI target = upstream.resolve(path + (query == null ? "" : "?" + query));
    byte[] body = ex.getRequestBody().readAllBytes();
    HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
        .method(ex.getRequestMethod(), body.length == 0 && !hasBody(ex) ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(lower) && !(ownTokens && lower.equals("authorization"))) {
        values.forEach(v -> b.header(name, v));
      }
    });
    HttpResponse<byte[]> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.sendResponseHeaders(502, -1);
      return 502;
    } catch (IOException e) {
      ex.sendResponseHeaders(502, -1);
      return 502;
    }
    r.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals(":status") || (HOP_BY_HOP.contains(lower) && !lower.equals("content-length"))) {
        return;
      }
      for (String v : values) {
        if (lower.equals("location")) {
          v = v.replace(upstream.getRawAuthority(), host());
        }
        if (lower.equals("content-length") && !"HEAD".equals(ex.getRequestMethod())) {
          continue; // set by sendResponseHeaders
        }
        ex.getResponseHeaders().add(name, v);
      }
    });
    byte[] out = r.body();
    if ("HEAD".equals(ex.getRequestMethod()) || out.length == 0) {
      ex.sendResponseHeaders(r.statusCode(), -1);
      return r.statusCode();
    }
    ex.sendResponseHeaders(r.statusCode(), out.length);
    ex.getResponseBody().write(out);
    return r.statusCode();
  }

  private static boolean hasBody(HttpExchange ex) {
    String m = ex.getRequestMethod();
    return m.equals("POST") || m.equals("PUT") || m.equals("PATCH");
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
