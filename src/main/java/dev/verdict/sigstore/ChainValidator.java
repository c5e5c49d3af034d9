package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
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
 * Fulcio CAs of the trusted root, or private-PKI roots.
 *
 * <p>For a trusted root the path stays inside one CA entry: it ends with that entry's whole chain (its issuing
 * certificate, then the rest up to its root), and the entry must be valid at the signing time. Certificates the
 * signature carries are only candidates between the leaf and the entry's issuing certificate; a carried certificate
 * that chains to the entry's root some other way (an intermediate of another, ended entry sharing the root, as when
 * Sigstore rotates intermediates) never makes a path, and a root it carries is never trusted for being there.
 */
final class ChainValidator {
  /** The anchor reached (the entry and the certificate that issued the leaf) and the leaf's issuer (for SCTs). */
  record Result(String anchor, X509Certificate issuer) {}

  /** Bounds path building on hostile input; real chains carry at most two or three certificates. */
  static final int MAX_CARRIED = 10;

  private ChainValidator() {}

  static Result validate(X509Certificate leaf, List<X509Certificate> carried, CertificateRequirements req,
      Instant at) throws VerificationException {
    if (carried.size() > MAX_CARRIED) {
      throw new VerificationException("the signature carries " + carried.size() + " chain certificates (at most "
          + MAX_CARRIED + ")");
    }
    List<X509Certificate> extra = new ArrayList<>();
    for (X509Certificate c : carried) {
      if (!Certificates.selfSigned(c) && !c.equals(leaf)) {
        extra.add(c);
      }
    }
    StringBuilder reasons = new StringBuilder();
    if (req.privatePki()) {
      for (X509Certificate root : req.roots()) {
        List<X509Certificate> pool = new ArrayList<>(req.intermediates());
        pool.addAll(extra);
        X509Certificate issuer = build(leaf, List.of(root), pool, at, reasons);
        if (issuer != null) {
          return new Result("root " + root.getSubjectX500Principal().getName() + ", leaf issued by "
              + issuer.getSubjectX500Principal().getName(), issuer);
        }
      }
    } else {
      List<TrustedRoot.Authority> cas = req.trustedRoot().certificateAuthorities();
      for (int i = 0; i < cas.size(); i++) {
        TrustedRoot.Authority ca = cas.get(i);
        String name = "certificateAuthorities[" + i + "] " + ca.describe() + " (valid " + ca.start() + " to "
            + (ca.end() == null ? "open" : ca.end()) + ")";
        if (!ca.validAt(at)) {
          reasons.append("; CA ").append(name).append(" not valid at ").append(at);
          continue;
        }
        List<X509Certificate> pool = new ArrayList<>(extra);
        pool.removeAll(ca.chain());
        X509Certificate issuer = build(leaf, ca.chain(), pool, at, reasons);
        if (issuer != null) {
          return new Result("Fulcio CA " + name + ", leaf issued by " + issuer.getSubjectX500Principal().getName(),
              issuer);
        }
      }
    }
    throw new VerificationException("certificate does not chain to a trusted "
        + (req.privatePki() ? "root" : "Fulcio CA") + " at " + at + reasons);
  }

  /**
   * Finds a path leaf, then certificates of {@code pool}, then all of {@code entry} (issuing certificate first, root
   * last), and validates it whole at {@code at}. Returns the leaf's issuer, or null (the reason appended).
   */
  private static X509Certificate build(X509Certificate leaf, List<X509Certificate> entry,
      List<X509Certificate> pool, Instant at, StringBuilder reasons) {
    X509Certificate root = entry.get(entry.size() - 1);
    X509Certificate top = entry.get(0);
    try {
      if (pool.isEmpty()) {
        // nothing to choose between (a v0.3 bundle carries the leaf alone): the path is the leaf and the entry,
        // validated whole; building it first would only verify the leaf's signature twice
        if (!leaf.getIssuerX500Principal().equals(top.getSubjectX500Principal())) {
          reasons.append("; ").append(top.getSubjectX500Principal().getName()).append(": the leaf's issuer is ")
              .append(leaf.getIssuerX500Principal().getName());
          return null;
        }
        List<X509Certificate> path = new ArrayList<>(entry.size());
        path.add(leaf);
        path.addAll(entry.subList(0, entry.size() - 1));
        validateFrom(root, path, at);
        return top;
      }
      // 1. leaf up to the entry's issuing certificate, through carried candidates only
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters params = new PKIXBuilderParameters(Set.of(new TrustAnchor(top, null)), target);
      List<X509Certificate> all = new ArrayList<>(pool);
      all.add(leaf);
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(all)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
      List<X509Certificate> path = new ArrayList<>();
      for (var c : r.getCertPath().getCertificates()) {
        path.add((X509Certificate) c);
      }
      X509Certificate issuer = path.size() > 1 ? path.get(1) : top;
      // 2. the whole path, with the rest of the entry, validated from the entry's root
      if (entry.size() > 1) {
        path.addAll(entry.subList(0, entry.size() - 1));
        validateFrom(root, path, at);
      }
      return issuer;
    } catch (Exception e) {
      reasons.append("; ").append(top.getSubjectX500Principal().getName()).append(": ")
          .append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return null;
    }
  }

  /** RFC 5280 validation of {@code path} (leaf first) from the anchor {@code root} at {@code at}. */
  private static void validateFrom(X509Certificate root, List<X509Certificate> path, Instant at)
      throws GeneralSecurityException {
    CertPath full = CertificateFactory.getInstance("X.509").generateCertPath(path);
    PKIXParameters v = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    v.setRevocationEnabled(false);
    v.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX").validate(full, v);
  }
}
