package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private final AtomicLong entries = new AtomicLong();
  private final Metrics metrics = new Metrics("1.2.3", entries::get);

  /** The value of one sample line, e.g. {@code verdict_x_total{a="b"}}; fails when absent. */
  private static double sample(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertTrue(m.find(), series + " not in\n" + text);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void scrape_afterOneOfEach_listsEverySeriesOfWebhookMd() {
    metrics.admission("validate", "CREATE", "Pod", "allow", Duration.ofMillis(1), "hit");
    metrics.registryRequest("registry.example.com", 200);
    metrics.rejected("validate");
    metrics.policySet("sha256:abc");
    String text = metrics.scrape();
    for (String name : new String[] {"verdict_admission_requests_total", "verdict_admission_duration_seconds",
        "verdict_admission_in_flight", "verdict_admission_deadline_exceeded_total", "verdict_admission_rejected_total",
        "verdict_decision_cache_requests_total", "verdict_decision_cache_entries", "verdict_registry_requests_total",
        "verdict_policy_reloads_total", "verdict_policy_last_reload_success", "verdict_policy_set_info",
        "verdict_tls_certificate_expiry_timestamp_seconds", "verdict_internal_errors_total", "verdict_build_info"}) {
      assertTrue(text.contains("# TYPE " + name.replaceAll("_total$", "") + " ")
          || text.contains("# TYPE " + name + " "), name + " missing in\n" + text);
    }
    assertEquals(1.0, sample(text, "verdict_build_info{version=\"1.2.3\"}"));
    assertEquals(0.0, sample(text, "verdict_decision_cache_requests_total{result=\"hit\"}"));
  }

  @Test
  void scrape_fresh_certificateExpiryUnknownIsNaNNotEpochZero() {
    // 0 would fire every "expires within 7 days" alert before the first certificate is loaded
    assertTrue(Double.isNaN(sample(metrics.scrape(), "verdict_tls_certificate_expiry_timestamp_seconds")));
  }

  @Test
  void admission_counted_byWebhookOperationKindDecisionAndTimedByCacheResult() {
    metrics.admission("validate", "CREATE", "Pod", "deny", Duration.ofMillis(3), "hit");
    metrics.admission("validate", "CREATE", "Pod", "deny", Duration.ofMillis(40), "miss");
    String text = metrics.scrape();
    assertEquals(2.0, sample(text,
        "verdict_admission_requests_total{decision=\"deny\",kind=\"Pod\",operation=\"CREATE\",webhook=\"validate\"}"));
    assertEquals(1.0, sample(text, "verdict_admission_duration_seconds_count{cache=\"hit\",webhook=\"validate\"}"));
    assertEquals(0.003, sample(text, "verdict_admission_duration_seconds_sum{cache=\"hit\",webhook=\"validate\"}"),
        1e-9);
    assertEquals(1.0, sample(text,
        "verdict_admission_duration_seconds_bucket{cache=\"miss\",webhook=\"validate\",le=\"0.05\"}"));
    assertEquals(0.0, sample(text,
        "verdict_admission_duration_seconds_bucket{cache=\"miss\",webhook=\"validate\",le=\"0.025\"}"));
  }

  @Test
  void admission_hostileLabelValues_collapseToOtherAndNeverGrowUnbounded() {
    for (int i = 0; i < 1000; i++) {
      metrics.admission("validate", "CREATE", "Kind" + i, "allow", Duration.ZERO, "hit");
    }
    metrics.admission("x\"}\nverdict_evil 1", "PATCH", "a\"b", "maybe", Duration.ZERO, "bogus");
    String text = metrics.scrape();
    long series = text.lines().filter(l -> l.startsWith("verdict_admission_requests_total{")).count();
    assertEquals(Metrics.MAX_DISTINCT + 2, series); // 64 kinds, "other" for the rest, and the hostile line
    assertEquals(1000.0 - Metrics.MAX_DISTINCT, sample(text,
        "verdict_admission_requests_total{decision=\"allow\",kind=\"other\",operation=\"CREATE\",webhook=\"validate\"}"));
    assertEquals(1.0, sample(text,
        "verdict_admission_requests_total{decision=\"other\",kind=\"other\",operation=\"other\",webhook=\"other\"}"));
    assertFalse(text.contains("verdict_evil"));
  }

  @Test
  void inFlight_beginAndClose_countsUpAndDownOnce() {
    Metrics.InFlight a = metrics.begin();
    Metrics.InFlight b = metrics.begin();
    assertEquals(2.0, sample(metrics.scrape(), "verdict_admission_in_flight"));
    a.close();
    a.close();
    assertEquals(1.0, sample(metrics.scrape(), "verdict_admission_in_flight"));
    b.close();
    assertEquals(0.0, sample(metrics.scrape(), "verdict_admission_in_flight"));
  }

  @Test
  void cacheAndDeadlines_countedAndEntriesReadAtScrape() {
    metrics.cache(DecisionCache.How.HIT);
    metrics.cache(DecisionCache.How.COALESCED);
    metrics.cache(DecisionCache.How.COALESCED);
    metrics.deadlineExceeded();
    metrics.rejected("validate");
    metrics.rejected("/etc/passwd");
    entries.set(42);
    String text = metrics.scrape();
    assertEquals(1.0, sample(text, "verdict_decision_cache_requests_total{result=\"hit\"}"));
    assertEquals(2.0, sample(text, "verdict_decision_cache_requests_total{result=\"coalesced\"}"));
    assertEquals(1.0, sample(text, "verdict_admission_deadline_exceeded_total"));
    assertEquals(42.0, sample(text, "verdict_decision_cache_entries"));
    assertEquals(1.0, sample(text, "verdict_admission_rejected_total{webhook=\"validate\"}"));
    assertEquals(1.0, sample(text, "verdict_admission_rejected_total{webhook=\"other\"}"));
  }

  @Test
  void registryRequest_byHostAndCode_transportFailureIsError() {
    dev.verdict.oci.RegistryListener r = metrics::registryRequest;
    r.requested("Registry.Example.com", 200);
    r.requested("registry.example.com", 200);
    r.requested("registry.example.com", 503);
    r.requested("registry.example.com", dev.verdict.oci.RegistryListener.NO_RESPONSE);
    String text = metrics.scrape();
    assertEquals(2.0, sample(text, "verdict_registry_requests_total{code=\"200\",host=\"registry.example.com\"}"));
    assertEquals(1.0, sample(text, "verdict_registry_requests_total{code=\"503\",host=\"registry.example.com\"}"));
    assertEquals(1.0, sample(text, "verdict_registry_requests_total{code=\"error\",host=\"registry.example.com\"}"));
  }

  /** A hostile registry picks its status codes and its redirect and token hosts: the series must stay few. */
  @Test
  void registryRequest_everyStatusAHostileRegistrySends_fewCodeLabels() {
    dev.verdict.oci.RegistryListener r = metrics::registryRequest;
    for (int status = -5; status < 1000; status++) {
      r.requested("evil.example", status);
    }
    String text = metrics.scrape();
    java.util.Set<String> codes = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "verdict_registry_requests_total\\{code=\"([^\"]*)\",host=\"evil.example\"}").matcher(text);
    while (m.find()) {
      codes.add(m.group(1));
    }
    assertTrue(codes.size() <= 32, codes.toString());
    assertTrue(codes.containsAll(java.util.Set.of("200", "307", "401", "404", "429", "503", "1xx", "2xx", "4xx",
        "5xx", "error")), codes.toString());
    assertEquals(1.0, sample(text, "verdict_registry_requests_total{code=\"429\",host=\"evil.example\"}"));
    assertEquals(100.0 - 4, sample(text, "verdict_registry_requests_total{code=\"2xx\",host=\"evil.example\"}"));
    assertEquals(5.0 + 100 + 400, sample(text,
        "verdict_registry_requests_total{code=\"error\",host=\"evil.example\"}"));
  }

  @Test
  void registryRequest_moreHostsThanTheCap_restAreOtherAndNoUnsafeLabel() {
    dev.verdict.oci.RegistryListener r = metrics::registryRequest;
    for (int i = 0; i < Metrics.MAX_DISTINCT + 10; i++) {
      r.requested("r" + i + ".example", 200);
    }
    r.requested("bad host\"}\n", 200);
    r.requested(null, 200);
    String text = metrics.scrape();
    assertEquals(12.0, sample(text, "verdict_registry_requests_total{code=\"200\",host=\"other\"}"));
    assertEquals(1.0, sample(text, "verdict_registry_requests_total{code=\"200\",host=\"r0.example\"}"));
    assertFalse(text.contains("r" + (Metrics.MAX_DISTINCT + 1) + ".example"));
  }

  @Test
  void reloadSucceeded_afterCertificateLoaded_keepsTheCertificateExpiry() {
    metrics.certificateExpiry(java.time.Instant.ofEpochSecond(2_000_000_000L));
    metrics.reloadSucceeded("sha256:bbb");
    assertEquals(2.0e9, sample(metrics.scrape(), "verdict_tls_certificate_expiry_timestamp_seconds"));
  }

  @Test
  void reload_failureKeepsTheServingFingerprintAndSaysSo() {
    metrics.policySet("sha256:aaa");
    metrics.reloadSucceeded("sha256:bbb");
    metrics.reloadFailed();
    String text = metrics.scrape();
    assertEquals(1.0, sample(text, "verdict_policy_reloads_total{result=\"success\"}"));
    assertEquals(1.0, sample(text, "verdict_policy_reloads_total{result=\"failure\"}"));
    assertEquals(0.0, sample(text, "verdict_policy_last_reload_success"));
    assertEquals(1.0, sample(text, "verdict_policy_set_info{fingerprint=\"sha256:bbb\"}"));
    assertFalse(text.contains("sha256:aaa"), "one fingerprint at a time");
  }

  @Test
  void certificateExpiryAndInternalErrors_inBaseUnits() throws Exception {
    metrics.certificateExpiry(Instant.parse("2027-01-01T00:00:00Z"));
    metrics.internalError();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.scrape(out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(1798761600.0, sample(text, "verdict_tls_certificate_expiry_timestamp_seconds"));
    assertEquals(1.0, sample(text, "verdict_internal_errors_total"));
    assertTrue(metrics.contentType().startsWith("text/plain"), metrics.contentType());
  }
}
