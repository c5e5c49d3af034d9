package dev.verdict.serve;

import dev.verdict.ConfigException;
import dev.verdict.VerdictException;
import dev.verdict.trust.TrustRoots;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code verdict serve} assembled: the engine behind the decision cache, the HTTPS and metrics listeners, policy and
 * certificate reloads, metrics and the audit log. The CLI parses flags into {@link Settings} and calls
 * {@link #start}; everything the webhook does is here.
 */
public final class Webhook {
  /**
   * What {@code serve} is started with.
   *
   * @param margin kept back from the apiserver's {@code ?timeout=}, or null for max(1s, 10%)
   */
  public record Settings(DeciderLoader loader, Path trustedRoot, Path tlsCert, Path tlsKey, InetSocketAddress listen,
      InetSocketAddress metrics, long maxBody, Duration margin, Duration drain, Duration cacheTtl,
      Duration negativeTtl, Duration tagTtl, int threads, boolean warnOnly, String version) {}

  /** How long the drain waits for requests still being answered when the listeners stop (their audit lines). */
  private static final Duration AUDIT_WAIT = Duration.ofSeconds(2);

  private final AdmissionServer server;
  private final FileWatcher tlsWatch;
  private final ThreadPoolExecutor work;
  private final PolicyReloader policies;
  private final AuditLog audit;
  private final Duration drain;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private Webhook(AdmissionServer server, FileWatcher tlsWatch, ThreadPoolExecutor work, PolicyReloader policies,
      AuditLog audit, Duration drain) {
    this.server = server;
    this.tlsWatch = tlsWatch;
    this.work = work;
    this.policies = policies;
    this.audit = audit;
    this.drain = drain;
  }

  /**
   * Loads the policies (a broken set is exit 3 before anything listens), the serving certificate, and starts both
   * listeners; ready when this returns. {@code audit} gets one JSON line per admission, {@code log} the operator's
   * lines (start, reloads); {@code warnings} the trust material's warnings at load.
   */
  public static Webhook start(Settings s, PrintStream audit, Consumer<String> log, Consumer<List<String>> warnings)
      throws VerdictException, IOException {
    DecisionCache cache = DecisionCache.create(new DecisionCache.Settings(s.cacheTtl(), s.negativeTtl(),
        DecisionCache.Settings.DEFAULTS.maxWeightBytes(), DecisionCache.Settings.DEFAULTS.maxInFlight()));
    Metrics metrics = new Metrics(s.version(), cache::entries);
    DeciderLoader loader = s.loader().withRegistryListener(metrics::registryRequest);
    DeciderLoader.Loaded loaded = loader.load();
    warnings.accept(loaded.warnings());
    ServerTls tls = ServerTls.load(s.tlsCert(), s.tlsKey());
    TagCache tags = new TagCache(s.tagTtl());
    metrics.certificateExpiry(tls.notAfter());
    PolicyReloader policies = new PolicyReloader(loader, loaded,
        d -> new CachingDecider(d, cache, tags, metrics), metrics, log);
    ThreadPoolExecutor work = new ThreadPoolExecutor(s.threads(), s.threads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(8192), r -> {
          Thread t = new Thread(r, "verdict-decide");
          t.setDaemon(true);
          return t;
        });
    Admission admission = new Admission(policies::current, work, s.warnOnly());
    AuditLog auditLog = new AuditLog(audit);
    AdmissionServer server = new AdmissionServer(admission, tls, new AdmissionServer.Options(s.listen(),
        s.metrics(), s.maxBody(), s.margin(), s.threads(), metrics.contentType()),
        new ServeObserver(metrics, auditLog), metrics::scrape, () -> true);
    server.start();
    policies.watch(s.trustedRoot() == null || TrustRoots.isTuf(s.trustedRoot()) ? List.of()
        : List.of(s.trustedRoot()));
    FileWatcher tlsWatch = FileWatcher.start(List.of(s.tlsCert(), s.tlsKey()), () -> {
      try {
        tls.reload(s.tlsCert(), s.tlsKey());
        metrics.certificateExpiry(tls.notAfter());
        log.accept("verdict serve: serving certificate reloaded (expires " + tls.notAfter() + ")");
      } catch (ConfigException e) {
        log.accept("verdict serve: serving certificate reload refused, the old one is kept: " + e.getMessage());
      }
    });
    server.markReady();
    log.accept("verdict serve: https://" + host(s.listen()) + ":" + server.port() + " (POST /validate, /mutate); "
        + "http://" + host(s.metrics()) + ":" + server.metricsPort() + " (/livez, /readyz, /metrics); policy set "
        + loaded.decider().fingerprint() + (s.warnOnly() ? "; --mode warn: nothing is denied" : ""));
    return new Webhook(server, tlsWatch, work, policies, auditLog, s.drain());
  }

  /** SIGTERM: readiness turns false, requests are served for the drain period, then everything stops. */
  public void drainAndStop() {
    try {
      server.drain(drain);
      server.awaitRequests(AUDIT_WAIT);
      audit.close(); // every answered admission's line is out before the JVM exits
      tlsWatch.close();
      work.shutdownNow();
      policies.close();
    } finally {
      stopped.countDown();
    }
  }

  /** Waits until {@link #drainAndStop} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  private static String host(InetSocketAddress a) {
    return a.getAddress() != null && a.getAddress().isAnyLocalAddress() ? "0.0.0.0" : a.getHostString();
  }
}
