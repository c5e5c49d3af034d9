package dev.verdict.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;

/**
 * The two listeners of {@code verdict serve}: HTTPS {@code POST /validate} and {@code POST /mutate}, and plain
 * {@code GET /livez}, {@code /readyz}, {@code /metrics}. Anything else is 404; a body that is too large or not an
 * AdmissionReview is 400; every admission is answered 200, a failure inside verdict included (a non-200 would
 * let {@code failurePolicy: Ignore} admit the object).
 */
final class AdmissionServer implements AutoCloseable {
  /** Keep-alive connections kept open while idle (the JDK server's property, read once when it first loads). */
  static final String MAX_IDLE = "sun.net.httpserver.maxIdleConnections";
  static final int MAX_IDLE_CONNECTIONS = 4096;

  static {
    // one small response per request on a keep-alive connection: Nagle would hold it for the peer's delayed ACK
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // The JDK server closes a keep-alive connection after its response once 200 others are idle (its default),
    // which under 256 connections (or an apiserver with a large idle pool) closed connections mid-load: the next
    // POST on them failed (the apiserver does not retry a POST) and every reconnect cost a TLS handshake.
    // Measured: 256 wrk connections, 3,889 read errors in 10 s and 4,300/s, on the bare JDK server too.
    if (System.getProperty(MAX_IDLE) == null) {
      System.setProperty(MAX_IDLE, Integer.toString(MAX_IDLE_CONNECTIONS));
    }
  }


  /**
   * @param maxBody largest request body read (larger is 400)
   * @param timeoutMargin what is kept back from the apiserver's timeout, or null for max(1s, 10%)
   * @param threads request threads (each waits for its images' decisions)
   * @param metricsContentType the {@code Content-Type} of {@code /metrics}
   */
  public record Options(InetSocketAddress listen, InetSocketAddress metricsListen, long maxBody,
      Duration timeoutMargin, int threads, String metricsContentType) {
    public Options(InetSocketAddress listen, InetSocketAddress metricsListen, long maxBody, Duration timeoutMargin,
        int threads) {
      this(listen, metricsListen, maxBody, timeoutMargin, threads, "text/plain; version=0.0.4; charset=utf-8");
    }
  }

  /** When the request being handled on this thread was handed to the pool. */
  private static final ThreadLocal<Long> ARRIVED = new ThreadLocal<>();

  private final Admission admission;
  private final ServerTls tls;
  private final Options options;
  private final AdmissionObserver observer;
  private final Supplier<String> metrics;
  private final Supplier<Boolean> healthy;
  private final ThreadPoolExecutor requests;
  private final AtomicInteger inFlight = new AtomicInteger();
  private HttpsServer https;
  private HttpServer plain;
  private volatile boolean ready;
  private volatile boolean draining;

  /**
   * @param metrics the Prometheus text for {@code /metrics}
   * @param healthy whether policies, trust and TLS are loaded (readiness also needs start-up done, no draining)
   */
  public AdmissionServer(Admission admission, ServerTls tls, Options options, AdmissionObserver observer,
      Supplier<String> metrics, Supplier<Boolean> healthy) {
    this.admission = admission;
    this.tls = tls;
    this.options = options;
    this.observer = observer;
    this.metrics = metrics;
    this.healthy = healthy;
    // Never CallerRunsPolicy: the caller is the server's one dispatcher thread, and a handler run there stalls every
    // connection. The queue is far longer than any apiserver's concurrency; each request's deadline counts its wait.
    this.requests = new ThreadPoolExecutor(options.threads(), options.threads(), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(65536), r -> {
          Thread t = new Thread(r, "verdict-admission");
          t.setDaemon(true);
          return t;
        });
  }

  /** Binds both listeners and starts serving; readiness stays false until {@link #markReady()}. */
  public void start() throws IOException {
    https = HttpsServer.create(options.listen(), 1024);
    https.setHttpsConfigurator(new HttpsConfigurator(tls.context()) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = tls.context().getDefaultSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        params.setSSLParameters(p);
      }
    });
    https.createContext("/", this::admission);
    https.setExecutor(r -> {
      long arrived = System.nanoTime(); // the deadline starts when the request is read, not when a thread is free
      requests.execute(() -> {
        ARRIVED.set(arrived);
        try {
          r.run();
        } finally {
          ARRIVED.remove();
        }
      });
    });
    plain = HttpServer.create(options.metricsListen(), 64);
    plain.createContext("/", this::operations);
    plain.setExecutor(null);
    https.start();
    plain.start();
  }

  public void markReady() {
    ready = true;
  }

  /** Readiness: started, healthy, not draining (never registry health). */
  public boolean ready() {
    return ready && !draining && Boolean.TRUE.equals(healthy.get());
  }

  /** SIGTERM: readiness turns false at once, requests are served for {@code drain}, then both listeners stop. */
  public void drain(Duration drain) {
    draining = true;
    try {
      Thread.sleep(drain.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  public int port() {
    return https.getAddress().getPort();
  }

  public int metricsPort() {
    return plain.getAddress().getPort();
  }

  @Override
  public void close() {
    if (https != null) {
      https.stop(1);
    }
    if (plain != null) {
      plain.stop(0);
    }
    requests.shutdown();
  }

  /** After {@link #close}: waits up to {@code wait} for the requests still being handled to finish. */
  public void awaitRequests(Duration wait) {
    try {
      requests.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void admission(HttpExchange ex) throws IOException {
    Long arrived = ARRIVED.get();
    long start = arrived != null ? arrived : System.nanoTime();
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String webhook = path.equals("/validate") ? "validate" : path.equals("/mutate") ? "mutate" : null;
      if (webhook == null || !ex.getRequestMethod().equals("POST")) {
        text(ex, 404, "not found: verdict serves POST /validate and POST /mutate here");
        return;
      }
      inFlight.incrementAndGet();
      AutoCloseable gauge = observer.begin();
      try {
        answer(ex, webhook, start);
      } finally {
        inFlight.decrementAndGet();
        observe(() -> {
          try {
            gauge.close();
          } catch (Exception e) {
            // a gauge never changes an answer
          }
        });
      }
    }
  }

  private void answer(HttpExchange ex, String webhook, long start) throws IOException {
    AdmissionRequest request;
    try {
      byte[] body = body(ex);
      request = AdmissionRequest.of(ReviewJson.parse(body), false);
    } catch (BadReviewException e) {
      observe(() -> observer.rejected(webhook, e.getMessage()));
      text(ex, 400, e.getMessage());
      return;
    }
    Duration internal = Deadlines.internal(Deadlines.timeout(ex.getRequestURI().getRawQuery()),
        options.timeoutMargin());
    long deadline = start + internal.toNanos();
    AdmissionResponse response;
    try {
      response = webhook.equals("validate") ? admission.validate(request, deadline)
          : admission.mutate(request, deadline);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      observe(() -> observer.internalError(webhook, e));
      response = webhook.equals("validate")
          ? AdmissionResponse.denied(request, AdmissionResponse.Outcome.UNDECIDED, 500,
              "verdict: could not decide: internal error (" + e.getClass().getSimpleName() + "); failing closed")
          : new AdmissionResponse(request.apiVersion(), request.uid(), AdmissionResponse.Outcome.ALLOW, 200, null,
              List.of("verdict: nothing pinned: internal error (" + e.getClass().getSimpleName() + ")"), null,
              java.util.Map.of(), List.of());
    }
    if (System.nanoTime() - deadline > 0 || response.images().stream()
        .anyMatch(v -> Admission.DEADLINE.equals(v.reason()) || "deadline".equals(v.cache()))) {
      observe(() -> observer.deadlineExceeded(webhook));
    }
    byte[] bytes = response.toReviewBytes();
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
    AdmissionResponse done = response;
    observe(() -> observer.answered(webhook, request, done, System.nanoTime() - start));
  }

  private void observe(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // metrics and audit never change an answer
    }
  }

  /** The request body, at most {@link Options#maxBody()} bytes. */
  private byte[] body(HttpExchange ex) throws IOException, BadReviewException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > options.maxBody()) {
          throw new BadReviewException("request body larger than " + options.maxBody() + " bytes");
        }
      } catch (NumberFormatException e) {
        throw new BadReviewException("bad Content-Length");
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, options.maxBody() + 1));
      if (bytes.length > options.maxBody()) {
        throw new BadReviewException("request body larger than " + options.maxBody() + " bytes");
      }
      return bytes;
    }
  }

  private void operations(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET")) {
        text(ex, 404, "not found");
        return;
      }
      switch (ex.getRequestURI().getPath()) {
        case "/livez" -> text(ex, 200, "ok");
        case "/readyz" -> text(ex, ready() ? 200 : 503, ready() ? "ok" : draining ? "draining" : "not ready");
        case "/metrics" -> {
          byte[] b = metrics.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", options.metricsContentType());
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
          }
        }
        default -> text(ex, 404, "not found: /livez, /readyz, /metrics");
      }
    }
  }

  private static void text(HttpExchange ex, int code, String message) throws IOException {
    byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Requests being answered now. */
  public int inFlight() {
    return inFlight.get();
  }
}
