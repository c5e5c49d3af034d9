package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The certificate checks shared by bundles and classic cosign signatures: chain, validity at every proven signing
 * time (never at "now" when a time is proven), SCT, identity and Fulcio claims.
 */
final class CertificateCheck {
  /** What the certificate says about its signer. */
  record Outcome(String subject, String issuer, Map<String, String> extensions, String anchor) {}

  private CertificateCheck() {}

  /** Where a signing time came from, for the refusal: the log, a TSA, both, or neither (private PKI: now). */
  private static String source(Instant t, List<Instant> times, List<Instant> tsaTimes) {
    int tsa = Collections.frequency(tsaTimes, t);
    boolean log = Collections.frequency(times, t) > tsa;
    return log && tsa > 0 ? " (Rekor integrated time and RFC 3161 timestamp)" : log ? " (Rekor integrated time)"
        : tsa > 0 ? " (RFC 3161 timestamp)" : " (the current time)";
  }

  /**
   * @param times every proven signing time: the log entries' integrated times, then the RFC 3161 timestamps' times
   * @param tsaTimes which of {@code times} the timestamps proved (a refusal names the evidence a time came from)
   */
  static Outcome verify(X509Certificate leaf, List<X509Certificate> carried, CertificateRequirements req,
      List<Instant> times, List<Instant> tsaTimes, CheckRecorder log) throws SigstoreVerificationException {
    List<Instant> at = times;
    if (at.isEmpty()) {
      if (req.privatePki() && !req.tlogRequired()) {
        at = List.of(Instant.now());
        log.pass("signing.time", "no log entry or timestamp; private PKI certificate judged at the current time",
            "a proven signing time, or now for private PKI", at.get(0).toString());
      } else {
        throw log.fail("signing.time", "no verified signing time (no Rekor SET and no RFC 3161 timestamp)",
            "a verified integrated time or timestamp", "none");
      }
    }
    String window = leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant();
    for (Instant t : at) {
      if (t.isBefore(leaf.getNotBefore().toInstant()) || t.isAfter(leaf.getNotAfter().toInstant())) {
        throw log.fail("certificate.validity", "certificate not valid at signing time " + t + source(t, times,
            tsaTimes), window, t.toString());
      }
    }
    log.pass("certificate.validity", "certificate valid at every proven signing time", window, at.toString());
    Instant first = Collections.min(at);
    ChainValidator.Result chain = null;
    String expectedAnchor = req.privatePki() ? req.roots().size() + " private root(s)"
        : "a Fulcio CA of " + req.trustedRoot().source();
    // The path (and, for a trusted root, its CA entry) must be valid at every proven signing time.
    for (Instant t : new java.util.TreeSet<>(at)) {
      try {
        ChainValidator.Result r = ChainValidator.validate(leaf, carried, req, t);
        chain = chain == null ? r : chain;
      } catch (VerificationException e) {
        throw log.fail("certificate.chain", e.getMessage(), expectedAnchor, leaf.getIssuerX500Principal().getName());
      }
    }
    log.pass("certificate.chain", "certificate chains to a trusted root at " + first, expectedAnchor, chain.anchor());
    if (req.privatePki() || !req.sctRequired()) {
      log.skip("certificate.sct", req.privatePki() ? "private PKI: no SCT expected" : "SCT not required");
    } else {
      try {
        String found = SctVerifier.verify(leaf, chain.issuer(), req.trustedRoot());
        log.pass("certificate.sct", "embedded SCT verifies", "SCT from a CT log of " + req.trustedRoot().source(),
            found);
      } catch (VerificationException e) {
        throw log.fail("certificate.sct", e.getMessage(), "SCT from a CT log of " + req.trustedRoot().source(),
            "none verified");
      }
    }
    Map<String, String> ext;
    try {
      ext = Certificates.fulcioExtensions(leaf);
    } catch (IllegalArgumentException e) {
      throw log.fail("certificate.extension", e.getMessage(), "well-formed Fulcio extensions", "malformed");
    }
    List<String> sans = Certificates.subjectAlternativeNames(leaf);
    if (!req.privatePki()) {
      // Fulcio issues exactly one SAN; a keyless certificate with more is not one Fulcio issued.
      int count;
      try {
        count = Certificates.sanCount(leaf);
      } catch (IllegalArgumentException e) {
        throw log.fail("certificate.identity", e.getMessage(), "exactly 1 SAN", "malformed");
      }
      if (count != 1) {
        throw log.fail("certificate.identity", "a keyless (Fulcio) certificate has exactly one subject alternative "
            + "name; this one has " + count, "exactly 1 SAN", count + " SAN(s): " + String.join(", ", sans));
      }
    }
    String issuer = ext.get("issuer");
    StringJoiner expected = new StringJoiner(" or ");
    req.identities().forEach(i -> expected.add(i.toString()));
    String matched = null;
    for (Identity id : req.identities()) {
      if (id.issuer() != null && !id.issuer().matches(issuer)) {
        continue;
      }
      matched = sans.stream().filter(id.subject()::matches).findFirst().orElse(null);
      if (matched != null) {
        break;
      }
    }
    if (matched == null) {
      String found = "subject " + (sans.isEmpty() ? "(none)" : String.join(", ", sans)) + ", issuer " + issuer;
      throw log.fail("certificate.identity", "certificate " + found + " does not match expected " + expected,
          expected.toString(), found);
    }
    // The report names the SAN that matched, never merely the first one (private PKI may carry several).
    log.pass("certificate.identity", "certificate identity matches", expected.toString(),
        "subject " + matched + ", issuer " + issuer);
    for (Map.Entry<String, String> want : req.extensions().entrySet()) {
      String name = Certificates.extensionName(want.getKey());
      String have = ext.get(name);
      if (!want.getValue().equals(have)) {
        throw log.fail("certificate.extension", "certificate claim " + name + " is " + have + ", expected "
            + want.getValue(), want.getValue(), String.valueOf(have));
      }
      log.pass("certificate.extension", "certificate claim " + name + " matches", want.getValue(), have);
    }
    return new Outcome(matched, issuer, ext, chain.anchor());
  }
}
