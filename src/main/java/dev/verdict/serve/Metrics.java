package dev.verdict.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The {@code verdict_*} series of WEBHOOK.md ("Operations"), in base units, on a registry of their own, written in
 * the Prometheus text format for {@code GET /metrics}. No label carries a namespace, an object name or an image:
 * label values come from small fixed sets, and the few that come from requests or configuration (kind, registry
 * host) are capped in number so that a hostile client cannot grow the series without bound.
 *
 * <p>Thread-safe.
 */
final class Metrics {
  /** Most distinct values a request-driven label (kind, registry host) takes before the rest count as "other". */
  static final int MAX_DISTINCT = 64;
  static final String OTHER = "other";
  private static final Pattern LABEL_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");
  private static final Set<String> WEBHOOKS = Set.of("validate", "mutate", "review");
  private static final Set<String> DECISIONS = Set.of("allow", "warn", "deny", "error");
  /** Registry statuses kept as their number: the distribution API's, redirects, and what is retried. */
  private static final Set<Integer> KNOWN_STATUSES = Set.of(200, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400,
      401, 403, 404, 405, 408, 409, 413, 416, 429, 500, 501, 502, 503, 504);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Set<String> kinds = ConcurrentHashMap.newKeySet();
  private final Set<String> hosts = ConcurrentHashMap.newKeySet();

  private final Counter admissions;
  private final Histogram duration;
  private final Gauge inFlight;
  private final Counter deadlines;
  private final Counter rejected;
  private final Counter cacheRequests;
  private final Counter registryRequests;
  private final Counter reloads;
  private final Gauge reloadSucceeded;
  private final Info policySet;
  private final Gauge certificateExpiry;
  private final Counter internalErrors;

  /**
   * @param version the build's version ({@code verdict_build_info{version}})
   * @param cacheEntries the decision cache's current entry count, read at each scrape
   */
  public Metrics(String version, LongSupplier cacheEntries) {
    admissions = Counter.builder().name("verdict_admission_requests_total")
        .help("Admission reviews answered, by webhook, operation, kind and decision")
        .labelNames("webhook", "operation", "kind", "decision").withoutExemplars().register(registry);
    duration = Histogram.builder().name("verdict_admission_duration_seconds")
        .help("Time from request to response, by webhook and decision-cache result of the slowest image")
        .labelNames("webhook", "cache").classicOnly()
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 9, 10, 30)
        .withoutExemplars().register(registry);
    inFlight = Gauge.builder().name("verdict_admission_in_flight")
        .help("Admission reviews being answered now").withoutExemplars().register(registry);
    deadlines = Counter.builder().name("verdict_admission_deadline_exceeded_total")
        .help("Admission reviews answered undecided because the internal deadline passed")
        .withoutExemplars().register(registry);
    rejected = Counter.builder().name("verdict_admission_rejected_total")
        .help("Request bodies refused with 400 (not an AdmissionReview admission.k8s.io/v1, too large, malformed)")
        .labelNames("webhook").withoutExemplars().register(registry);
    cacheRequests = Counter.builder().name("verdict_decision_cache_requests_total")
        .help("Decision cache lookups by result (hit, miss, coalesced, deadline)")
        .labelNames("result").withoutExemplars().register(registry);
    GaugeWithCallback.builder().name("verdict_decision_cache_entries")
        .help("Decisions held in the cache").callback(cb -> cb.call(cacheEntries.getAsLong())).register(registry);
    registryRequests = Counter.builder().name("verdict_registry_requests_total")
        .help("Requests to registries by host and HTTP status code (\"error\" when no response)")
        .labelNames("host", "code").withoutExemplars().register(registry);
    reloads = Counter.builder().name("verdict_policy_reloads_total")
        .help("Policy set reloads by result (success, failure: the previous set was kept)")
        .labelNames("result").withoutExemplars().register(registry);
    reloadSucceeded = Gauge.builder().name("verdict_policy_last_reload_success")
        .help("1 when the last policy reload was applied, 0 when it was refused and an older set is serving")
        .withoutExemplars().register(registry);
    policySet = Info.builder().name("verdict_policy_set_info")
        .help("The fingerprint of the policy set deciding now").labelNames("fingerprint").register(registry);
    certificateExpiry = Gauge.builder().name("verdict_tls_certificate_expiry_timestamp_seconds")
        .help("When the serving certificate expires, in seconds since the epoch")
        .withoutExemplars().register(registry);
    internalErrors = Counter.builder().name("verdict_internal_errors_total")
        .help("Internal errors answered with a deny (never an HTTP 500)").withoutExemplars().register(registry);
    Info build = Info.builder().name("verdict_build_info").help("verdict's version")
        .labelNames("version").register(registry);
    build.setLabelValues(version == null ? "dev" : version);
    reloadSucceeded.set(1);
    certificateExpiry.set(Double.NaN); // unknown until a certificate is loaded; 0 would fire expiry alerts
    for (String r : new String[] {"hit", "miss", "coalesced", "deadline"}) {
      cacheRequests.initLabelValues(r);
    }
    reloads.initLabelValues("success");
    reloads.initLabelValues("failure");
  }

  /** One admission review answered: {@code decision} is allow, warn, deny or error. */
  public void admission(String webhook, String operation, String kind, String decision, Duration took,
      String cacheResult) {
    String w = oneOf(webhook, WEBHOOKS);
    admissions.labelValues(w, oneOf(operation, OPERATIONS), capped(kind, kinds), oneOf(decision, DECISIONS)).inc();
    duration.labelValues(w, cacheResult == null ? "none" : cacheResult(cacheResult)).observe(seconds(took));
  }

  /** Marks the start of an admission review; the returned handle ends it (try-with-resources). */
  public InFlight begin() {
    inFlight.inc();
    return new InFlight();
  }

  /** Ends what {@link #begin} started, once. */
  public final class InFlight implements AutoCloseable {
    private boolean closed;

    private InFlight() {}

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        inFlight.dec();
      }
    }
  }

  public void deadlineExceeded() {
    deadlines.inc();
  }

  /** A body refused with 400 (a real apiserver never sends one: worth an alert). */
  public void rejected(String webhook) {
    rejected.labelValues(oneOf(webhook, WEBHOOKS)).inc();
  }

  /** One decision-cache lookup ({@link DecisionCache.How}). */
  public void cache(DecisionCache.How how) {
    cacheRequests.labelValues(how.label()).inc();
  }

  /**
   * One HTTP request to a registry: the registry it was made for (as image references name it, also for its token
   * service and redirects) and the response's status code, or a value outside 100-599 (e.g.
   * {@link dev.verdict.oci.RegistryListener#NO_RESPONSE}) when no response arrived (connection, TLS or DNS failure,
   * timeout). What {@code serve} hands the registry client as its {@link dev.verdict.oci.RegistryListener}. The
   * registry chooses its status codes: those of the distribution API and of HTTP's retry and redirect rules keep
   * their number, any other becomes its class ({@code 2xx} ... {@code 5xx}), so the series stay few. Cheap and
   * thread-safe.
   */
  public void registryRequest(String host, int status) {
    registryRequests.labelValues(capped(host == null ? null : host.toLowerCase(Locale.ROOT), hosts), code(status))
        .inc();
  }

  /** The {@code code} label of a registry response: a known status, its class, or "error" for none. */
  static String code(int status) {
    if (status < 100 || status > 599) {
      return "error";
    }
    return KNOWN_STATUSES.contains(status) ? Integer.toString(status) : status / 100 + "xx";
  }

  /** A reload applied: the new set's fingerprint is the one in {@code verdict_policy_set_info}. */
  public void reloadSucceeded(String fingerprint) {
    reloads.labelValues("success").inc();
    reloadSucceeded.set(1);
    policySet(fingerprint);
  }

  /** A reload refused (the new files did not load or validate); the set in service is unchanged. */
  public void reloadFailed() {
    reloads.labelValues("failure").inc();
    reloadSucceeded.set(0);
  }

  /** The policy set in service (at start-up, and after each applied reload). */
  public void policySet(String fingerprint) {
    policySet.setLabelValues(fingerprint == null ? "none" : fingerprint);
  }

  public void certificateExpiry(Instant notAfter) {
    certificateExpiry.set(notAfter.getEpochSecond());
  }

  public void internalError() {
    internalErrors.inc();
  }

  /** The text format's content type for the {@code /metrics} response. */
  public String contentType() {
    return writer.getContentType();
  }

  public void scrape(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      scrape(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static String cacheResult(String r) {
    return switch (r) {
      case "hit", "miss", "coalesced", "deadline", "none" -> r;
      default -> OTHER;
    };
  }

  private static String oneOf(String value, Set<String> allowed) {
    return value != null && allowed.contains(value) ? value : OTHER;
  }

  /** {@code value} when it is a plain token and one of the first {@link #MAX_DISTINCT} seen, else "other". */
  private static String capped(String value, Set<String> seen) {
    if (value == null || !LABEL_TOKEN.matcher(value).matches()) {
      return OTHER;
    }
    if (seen.contains(value)) {
      return value;
    }
    synchronized (seen) {
      if (seen.size() >= MAX_DISTINCT) {
        return OTHER;
      }
      seen.add(value);
      return value;
    }
  }
}
