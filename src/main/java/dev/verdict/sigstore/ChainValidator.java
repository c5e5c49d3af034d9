package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Builds and validates (RFC 5280, via the JDK's PKIX) the path from a leaf to a trusted root at a given time: the
 * Fulcio CAs of the trusted root, or private-PKI roots. Certificates the signature carries are only candidate
 * intermediates; a root it carries is never trusted for being there.
 */
final class ChainValidator {
  /** The anchor reached and the certificate that issued the leaf (needed for SCTs). */
  record Result(String anchor, X509Certificate issuer) {}

  private ChainValidator() {}

  static Result validate(X509Certificate leaf, List<X509Certificate> carried, CertificateRequirements req,
      Instant at) throws VerificationException {
    List<X509Certificate> extra = new ArrayList<>();
    for (X509Certificate c : carried) {
      if (!Certificates.selfSigned(c)) {
        extra.add(c);
      }
    }
    StringBuilder reasons = new StringBuilder();
    if (req.privatePki()) {
      for (X509Certificate root : req.roots()) {
        List<X509Certificate> pool = new ArrayList<>(req.intermediates());
        pool.addAll(extra);
        Result r = tryBuild(leaf, root, pool, at, reasons);
        if (r != null) {
          return new Result("root " + root.getSubjectX500Principal().getName(), r.issuer());
        }
      }
    } else {
      for (TrustedRoot.Authority ca : req.trustedRoot().certificateAuthorities()) {
        if (!ca.validAt(at)) {
          reasons.append("; CA ").append(ca.describe()).append(" not valid at ").append(at);
          continue;
        }
        List<X509Certificate> chain = ca.chain();
        X509Certificate root = chain.get(chain.size() - 1);
        List<X509Certificate> pool = new ArrayList<>(chain.subList(0, chain.size() - 1));
        pool.addAll(extra);
        Result r = tryBuild(leaf, root, pool, at, reasons);
        if (r != null) {
          return new Result("Fulcio CA " + ca.describe(), r.issuer());
        }
      }
    }
    throw new VerificationException("certificate does not chain to a trusted "
        + (req.privatePki() ? "root" : "Fulcio CA") + " at " + at + reasons);
  }

  private static Result tryBuild(X509Certificate leaf, X509Certificate root, List<X509Certificate> pool,
      Instant at, StringBuilder reasons) {
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters params = new PKIXBuilderParameters(Set.of(new TrustAnchor(root, null)), target);
      List<X509Certificate> all = new ArrayList<>(pool);
      all.add(leaf);
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(all)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
      @SuppressWarnings("unchecked")
      List<X509Certificate> path = (List<X509Certificate>) r.getCertPath().getCertificates();
      return new Result(null, path.size() > 1 ? path.get(1) : root);
    } catch (Exception e) {
      reasons.append("; ").append(root.getSubjectX500Principal().getName()).append(": ")
          .append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return null;
    }
  }
}
