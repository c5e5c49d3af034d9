package dev.verdict.engine;

import dev.verdict.Json;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.policy.Authority;
import dev.verdict.result.Check;
import dev.verdict.result.Status;
import dev.verdict.sigstore.CertificateRequirements;
import dev.verdict.sigstore.SignerRequirements;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * When an allow stops being true without new evidence ({@link dev.verdict.result.ImageResult#notAfter()}). Each bound
 * is written into the evidence of the check it stands behind, as {@value #NOT_AFTER}; the image's bound is the
 * earliest among the checks that passed (or were excepted) in its result.
 *
 * <ul>
 *   <li>a policy exception: the first day after its {@code expires} date;
 *   <li>an SBOM or vulnerability {@code maxAge}: the time its age is measured from, plus maxAge;
 *   <li>a private PKI certificate judged at the current time (no log entry or timestamp proves when it signed):
 *       the earliest end of validity of the leaf and the authority's roots and intermediates.
 * </ul>
 * A signature whose signing time is proven (Rekor, RFC 3161) was judged at that time and stays valid; a public key
 * has no validity period.
 */
final class TrustBounds {
  static final String NOT_AFTER = "notAfter";

  private TrustBounds() {}

  /** The earliest of two bounds, either possibly null (unbounded). */
  static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  /** The end of an exception that expires on {@code date}: it applies through that whole day in {@code zone}. */
  static Instant exceptionEnd(LocalDate date, ZoneId zone) {
    return date.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /** The earliest {@value #NOT_AFTER} among checks that passed or were excepted into a warning; null when none. */
  static Instant of(List<Check> checks) {
    Instant out = null;
    for (Check c : checks) {
      if (c.status() == Status.PASS || c.status() == Status.WARN) {
        String v = c.evidence().get(NOT_AFTER);
        if (v != null) {
          out = earliest(out, Instant.parse(v));
        }
      }
    }
    return out;
  }

  /** Adds the validity bound of a classic layer's private PKI certificate when it was judged at the current time. */
  static void layer(Authority a, SignerRequirements req, SignatureLayer layer, Map<String, String> evidence) {
    if (judgedNow(a, evidence)) {
      String pem = layer.annotations().get(SignatureLayer.CERTIFICATE);
      bound(req, pem == null ? null : pem.getBytes(StandardCharsets.UTF_8), evidence);
    }
  }

  /** As {@link #layer}, for a Sigstore bundle. */
  static void bundle(Authority a, SignerRequirements req, AttachedBundle bundle, Map<String, String> evidence) {
    if (judgedNow(a, evidence)) {
      var vm = Json.mapper().readTree(bundle.bundle()).path("verificationMaterial");
      String raw = vm.path("certificate").path("rawBytes").asString("");
      if (raw.isEmpty()) {
        raw = vm.path("x509CertificateChain").path("certificates").path(0).path("rawBytes").asString("");
      }
      bound(req, raw.isEmpty() ? null : Base64.getDecoder().decode(raw), evidence);
    }
  }

  private static boolean judgedNow(Authority a, Map<String, String> evidence) {
    return a instanceof Authority.Certificate && !evidence.containsKey("integratedTime")
        && !evidence.containsKey("timestamps");
  }

  private static void bound(SignerRequirements req, byte[] leaf, Map<String, String> evidence) {
    List<X509Certificate> certs = new ArrayList<>();
    if (req instanceof CertificateRequirements cr) {
      certs.addAll(cr.roots());
      certs.addAll(cr.intermediates());
    }
    Instant end = null;
    try {
      if (leaf != null) {
        certs.add((X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(leaf)));
      }
    } catch (java.security.cert.CertificateException | RuntimeException e) {
      // it verified, so it parses; were it not to, the roots still bound the allow
    }
    for (X509Certificate c : certs) {
      end = earliest(end, c.getNotAfter().toInstant());
    }
    if (end != null) {
      evidence.put(NOT_AFTER, end.toString());
    }
  }
}
