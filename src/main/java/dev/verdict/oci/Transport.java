package dev.verdict.oci;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.HttpURLConnection;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * HTTP plumbing for registries: scheme choice (plain HTTP only for loopback or allowed hosts), TLS trust, bounded
 * retries with backoff on 429/5xx and transient network errors ({@code Retry-After} honoured), one deadline per call,
 * at most {@link #PER_HOST} requests per host at once over kept-alive connections, redirects that drop credentials
 * when leaving the host, and size-capped bodies; each request sent is told to the options'
 * {@link RegistryListener}. Knows nothing of the distribution API or of credentials.
 */
final class Transport {
  static final int MAX_REDIRECTS = 5;
  static final long ERROR_BODY_CAP = 64 * 1024;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  /**
   * Requests to one host at once, and the idle connections the JDK keeps per host
   * ({@code http.maxConnections}, 5 by default): every request of a full host can hand its connection back.
   */
  static final int PER_HOST = 16;

  static {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", Integer.toString(PER_HOST));
    }
  }

  /**
   * A request made for {@code registry} (the registry an image reference names: what the {@link RegistryListener}
   * hears, also for its token service and its redirects): headers are re-sent on retries; {@code authorization} is
   * dropped on cross-host redirects. A request with a {@code form} body (a token request carrying a refresh token)
   * is never redirected.
   */
  record Call(String registry, String method, URI uri, Map<String, String> headers, String authorization,
      String form) {
    Call(String registry, String method, URI uri, Map<String, String> headers, String authorization) {
      this(registry, method, uri, headers, authorization, null);
    }
  }

  /** A response whose body was read up to a cap; {@code truncated} when the body was longer than the cap. */
  record Response(int status, HttpHeaders headers, byte[] body, boolean truncated, URI uri) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  private final RegistryOptions opts;
  private final Duration baseBackoff;
  private volatile SSLContext tls;
  private final Map<String, Semaphore> perHost = new ConcurrentHashMap<>();

  Transport(RegistryOptions opts) {
    this(opts, Duration.ofMillis(200));
  }

  Transport(RegistryOptions opts, Duration baseBackoff) {
    this.opts = opts;
    this.baseBackoff = baseBackoff;
  }

  /** {@code http://host} for loopback and allowed hosts, else {@code https://host}; Docker Hub's API host. */
  URI base(String registry) {
    String host = Reference.DOCKER_HUB.equals(registry) ? "registry-1.docker.io" : registry;
    return URI.create((plainHttpAllowed(host) ? "http://" : "https://") + host);
  }

  boolean plainHttpAllowed(String hostPort) {
    String hp = hostPort.toLowerCase(Locale.ROOT);
    String host = hostOf(hp);
    return opts.insecureHosts().contains(hp) || opts.insecureHosts().contains(host) || isLoopback(host);
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.")
        && host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  static String hostOf(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end < 0 ? hostPort : hostPort.substring(0, end + 1);
    }
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  /**
   * Sends {@code call}, retrying and following redirects, and reads at most {@code cap} body bytes. The whole call,
   * its retries, waits and redirects included, ends by one deadline ({@link RegistryOptions#timeout()} from now):
   * each attempt's connect and read timeouts are what is left of it, and a wait (our backoff or the registry's
   * {@code Retry-After}) that would end past it is not begun; the last answer is returned instead.
   */
  Response send(Call call, long cap) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + opts.timeout().toNanos();
    Call current = call;
    for (int redirects = 0; ; redirects++) {
      Response r = sendWithRetries(current, cap, deadline);
      Optional<String> location = r.header("Location");
      if (!isRedirect(r.status()) || location.isEmpty()) {
        return r;
      }
      if (redirects >= MAX_REDIRECTS) {
        throw new IOException("too many redirects from " + call.uri().getHost());
      }
      current = redirect(current, current.uri().resolve(location.get()));
    }
  }

  private Call redirect(Call from, URI to) throws IOException {
    if (from.form() != null) {
      // the body holds a secret (a refresh token): it goes to the token service the registry named, nowhere else
      throw new IOException("refusing redirect of a token request to " + to.getHost());
    }
    if ("https".equals(from.uri().getScheme()) && !"https".equals(to.getScheme())) {
      throw new IOException("refusing redirect from HTTPS to " + to.getScheme() + " (" + to.getHost() + ")");
    }
    if (!"https".equals(to.getScheme()) && !"http".equals(to.getScheme())) {
      throw new IOException("refusing redirect to " + to.getScheme() + " URL");
    }
    boolean sameOrigin = to.getScheme().equals(from.uri().getScheme())
        && String.valueOf(to.getHost()).equalsIgnoreCase(String.valueOf(from.uri().getHost()))
        && to.getPort() == from.uri().getPort();
    // Blob storage behind a redirect gets a pre-signed URL: our registry credentials must not follow it there.
    return new Call(from.registry(), from.method(), to, from.headers(), sameOrigin ? from.authorization() : null);
  }

  private Response sendWithRetries(Call call, long cap, long deadline) throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      Response r;
      try {
        r = sendLimited(call, cap, deadline);
      } catch (ConnectException e) {
        throw e; // refused: nothing is listening; retrying only delays the verdict
      } catch (IOException e) {
        if (attempt >= opts.maxRetries() || !sleepWithin(backoff(attempt, OptionalLong.empty()), deadline)) {
          throw e;
        }
        continue;
      }
      if (!retryable(r.status()) || attempt >= opts.maxRetries()
          || !sleepWithin(backoff(attempt, retryAfterSeconds(r)), deadline)) {
        return r;
      }
    }
  }

  /**
   * One attempt inside the per-host limit (at most {@link #PER_HOST} requests to one host at once), told to the
   * listener once sent: with its status, or {@link RegistryListener#NO_RESPONSE} when it failed.
   */
  private Response sendLimited(Call call, long cap, long deadline) throws IOException, InterruptedException {
    Semaphore slots = perHost.computeIfAbsent(String.valueOf(call.uri().getAuthority()).toLowerCase(Locale.ROOT),
        h -> new Semaphore(PER_HOST, true));
    long left = deadline - System.nanoTime();
    if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
      throw new HttpTimeoutException("no answer within " + opts.timeout().toMillis() + " ms (waited for one of "
          + PER_HOST + " connections to " + call.uri().getAuthority() + ")");
    }
    try {
      Response r = sendOnce(call, cap, deadline);
      tell(call, r.status());
      return r;
    } catch (IOException | RuntimeException e) {
      tell(call, RegistryListener.NO_RESPONSE);
      throw e;
    } finally {
      slots.release();
    }
  }

  private void tell(Call call, int status) {
    try {
      opts.listener().requested(call.registry(), status);
    } catch (RuntimeException e) {
      // a metric's failure never changes what the registry said
    }
  }

  /** Sleeps {@code d} unless that would end past {@code deadline}; false when it would (nothing is slept). */
  private static boolean sleepWithin(Duration d, long deadline) throws InterruptedException {
    if (System.nanoTime() + d.toNanos() >= deadline) {
      return false;
    }
    Thread.sleep(d.toMillis());
    return true;
  }

  /**
   * One exchange over {@link HttpURLConnection}: blocking sockets and the JDK's keep-alive cache. (java.net.http's
   * client keeps a selector thread in native code, which makes every JVM exit wait 300 ms for it: a third of a CI
   * gate's run.)
   */
  private Response sendOnce(Call call, long cap, long deadline) throws IOException {
    int left = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    HttpURLConnection c = (HttpURLConnection) call.uri().toURL().openConnection();
    boolean reuse = false;
    try {
      if (c instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(tls().getSocketFactory());
      }
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setConnectTimeout(left);
      c.setReadTimeout(left);
      c.setRequestMethod(call.method());
      call.headers().forEach(c::setRequestProperty);
      if (call.authorization() != null) {
        c.setRequestProperty("Authorization", call.authorization());
      }
      if (call.form() != null) {
        byte[] form = call.form().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(form.length);
        try (java.io.OutputStream out = c.getOutputStream()) {
          out.write(form);
        }
      }
      int status = c.getResponseCode();
      HttpHeaders headers = headers(c);
      long limit = status >= 300 ? Math.min(cap, ERROR_BODY_CAP) : cap;
      OptionalLong declared = headers.firstValueAsLong("Content-Length");
      if (declared.isPresent() && declared.getAsLong() > limit) {
        return new Response(status, headers, new byte[0], true, call.uri());
      }
      InputStream stream = status >= 400 ? c.getErrorStream() : c.getInputStream();
      if (stream == null) {
        reuse = true;
        return new Response(status, headers, new byte[0], false, call.uri());
      }
      try (InputStream in = stream) {
        byte[] body = readBefore(in, (int) Math.min(Integer.MAX_VALUE - 8, limit + 1), deadline);
        boolean truncated = body.length > limit;
        if (truncated) {
          body = java.util.Arrays.copyOf(body, (int) limit);
        }
        reuse = !truncated;
        return new Response(status, headers, body, truncated, call.uri());
      }
    } finally {
      if (!reuse) {
        c.disconnect(); // an unread or oversized body: never hand this connection back to the pool
      }
    }
  }

  /**
   * Up to {@code max} bytes of {@code in}, giving up once the call's deadline has passed: a registry that drips its
   * body a byte at a time, each within the read timeout, cannot hold the call past its deadline by more than one read.
   */
  private static byte[] readBefore(InputStream in, int max, long deadline) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(max, 64 * 1024));
    byte[] buf = new byte[64 * 1024];
    while (out.size() < max) {
      int n = in.read(buf, 0, Math.min(buf.length, max - out.size()));
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
      if (System.nanoTime() - deadline > 0) {
        throw new HttpTimeoutException("body not received before the deadline");
      }
    }
    return out.toByteArray();
  }

  private static HttpHeaders headers(HttpURLConnection c) {
    Map<String, List<String>> fields = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    c.getHeaderFields().forEach((k, v) -> {
      if (k != null) {
        fields.merge(k, v, (x, y) -> {
          List<String> all = new java.util.ArrayList<>(x);
          all.addAll(y);
          return all;
        });
      }
    });
    return HttpHeaders.of(fields, (k, v) -> true);
  }

  static boolean retryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** {@code Retry-After} in seconds, as delta-seconds or an HTTP date (RFC 9110, 10.2.3); empty when absent. */
  static OptionalLong retryAfterSeconds(Response r) {
    Optional<String> v = r.header("Retry-After").map(String::trim);
    if (v.isEmpty() || v.get().isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Math.max(0, Long.parseLong(v.get())));
    } catch (NumberFormatException e) {
      try {
        java.time.Instant at = java.time.ZonedDateTime.parse(v.get(),
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return OptionalLong.of(Math.max(0, Duration.between(java.time.Instant.now(), at).toSeconds() + 1));
      } catch (java.time.format.DateTimeParseException bad) {
        return OptionalLong.empty(); // unreadable: our own backoff
      }
    }
  }

  /**
   * How long to wait before retry {@code attempt + 1}: what the registry asked for in {@code Retry-After}, in full
   * (a shorter wait would only be refused again), else our exponential backoff capped at {@link #MAX_BACKOFF}.
   * Whether there is time for it is decided against the call's deadline by the caller.
   */
  Duration backoff(int attempt, OptionalLong retryAfter) {
    if (retryAfter.isPresent()) {
      return Duration.ofSeconds(retryAfter.getAsLong());
    }
    Duration d = baseBackoff.multipliedBy(1L << Math.min(attempt, 6));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  /** The TLS context for HTTPS registries: the system trust store plus the optional extra CA, built once. */
  private SSLContext tls() throws IOException {
    SSLContext t = tls;
    if (t == null) {
      synchronized (this) {
        t = tls;
        if (t == null) {
          try {
            t = opts.extraCaFile() != null ? TrustStores.withExtraCa(opts.extraCaFile()) : SSLContext.getDefault();
          } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("no TLS support: " + e.getMessage(), e);
          }
          tls = t;
        }
      }
    }
    return t;
  }
}
