package dev.verdict.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Feeds every admission to the {@link Metrics} ({@code verdict_*}) and one JSON line to the {@link AuditLog}. */
final class ServeObserver implements AdmissionObserver {
  private final Metrics metrics;
  private final AuditLog audit;

  public ServeObserver(Metrics metrics, AuditLog audit) {
    this.metrics = metrics;
    this.audit = audit;
  }

  @Override
  public AutoCloseable begin() {
    return metrics.begin();
  }

  @Override
  public void answered(String webhook, AdmissionRequest request, AdmissionResponse response, long nanos) {
    Duration took = Duration.ofNanos(nanos);
    String decision = decision(webhook, response);
    metrics.admission(webhook, request.operation(), request.kind(), decision, took, cacheResult(response));
    List<AuditLog.Image> images = new ArrayList<>();
    for (AdmissionResponse.ImageVerdict v : response.images()) {
      images.add(new AuditLog.Image(v.image(), v.path(), v.digest(), v.decision(), v.reasons(), v.cache()));
    }
    audit.write(new AuditLog.Entry(Instant.now(), request.uid(), webhook, request.operation(), request.kind(),
        request.namespace(), request.name(), request.user(), request.dryRun(), decision,
        response.auditAnnotations().get("policy-set"), took, images));
  }

  @Override
  public void rejected(String webhook, String why) {
    metrics.rejected(webhook);
  }

  @Override
  public void deadlineExceeded(String webhook) {
    metrics.deadlineExceeded();
  }

  @Override
  public void internalError(String webhook, Throwable t) {
    metrics.internalError();
  }

  /** allow, warn (allowed with warnings), deny, or error (could not decide). */
  static String decision(String webhook, AdmissionResponse r) {
    return switch (r.outcome()) {
      case ALLOW -> webhook.equals("validate") && !r.warnings().isEmpty() ? "warn" : "allow";
      case DENY -> "deny";
      case UNDECIDED -> "error";
    };
  }

  /** The duration histogram's cache label: miss if any image was verified now, else hit, else none. */
  static String cacheResult(AdmissionResponse r) {
    String result = null;
    for (AdmissionResponse.ImageVerdict v : r.images()) {
      String c = v.cache();
      if (c == null || c.equals("none")) {
        continue;
      }
      if (!c.equals("hit")) {
        return c;
      }
      result = "hit";
    }
    return result;
  }
}
