package dev.verdict.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The few counters {@code serve} keeps without a metrics library, in Prometheus text: admissions by webhook and
 * decision, in-flight requests, deadlines exceeded, internal errors, rejected bodies, the serving certificate's
 * expiry. A full registry ({@code verdict_*} of WEBHOOK.md) replaces it where one is wired in.
 */
public final class CoreCounters implements AdmissionObserver {
  private final Map<String, LongAdder> admissions = new ConcurrentHashMap<>();
  private final LongAdder deadlines = new LongAdder();
  private final LongAdder internal = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final Supplier<java.time.Instant> certificateExpiry;

  public CoreCounters(Supplier<java.time.Instant> certificateExpiry) {
    this.certificateExpiry = certificateExpiry;
  }

  @Override
  public void answered(String webhook, AdmissionRequest request, AdmissionResponse response, long nanos) {
    admissions.computeIfAbsent("webhook=\"" + webhook + "\",decision=\"" + response.outcome().label() + "\"",
        k -> new LongAdder()).increment();
  }

  @Override
  public void rejected(String webhook, String why) {
    rejected.increment();
  }

  @Override
  public void deadlineExceeded(String webhook) {
    deadlines.increment();
  }

  @Override
  public void internalError(String webhook, Throwable t) {
    internal.increment();
  }

  @Override
  public void inFlight(int delta) {
    inFlight.addAndGet(delta);
  }

  /** The Prometheus text exposition. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("# TYPE verdict_admission_requests_total counter\n");
    new TreeMap<>(admissions).forEach((labels, n) ->
        sb.append("verdict_admission_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
    counter(sb, "verdict_admission_rejected_total", rejected.sum());
    counter(sb, "verdict_admission_deadline_exceeded_total", deadlines.sum());
    counter(sb, "verdict_internal_errors_total", internal.sum());
    sb.append("# TYPE verdict_admission_in_flight gauge\nverdict_admission_in_flight ").append(inFlight.get())
        .append('\n');
    java.time.Instant expiry = certificateExpiry.get();
    if (expiry != null) {
      sb.append("# TYPE verdict_tls_certificate_expiry_seconds gauge\nverdict_tls_certificate_expiry_seconds ")
          .append(expiry.getEpochSecond()).append('\n');
    }
    return sb.toString();
  }

  private static void counter(StringBuilder sb, String name, long value) {
    sb.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
  }
}
