package dev.verdict.sigstore;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who a certificate or a bundle <em>claims</em> signed it, read without verifying anything, for {@code inspect}.
 * Never use it for a decision.
 *
 * @param subject the certificate's first SAN, or "public key" for key-signed bundles
 * @param issuer the Fulcio OIDC issuer claim, or null
 * @param content for bundles: message-signature or dsse; null for certificates
 * @param payloadType for DSSE bundles, the envelope payload type
 */
public record ClaimedSigner(String subject, String issuer, Map<String, String> extensions, String content,
    String payloadType) {
  public ClaimedSigner {
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  /** The claims of the first certificate of a PEM string; empty when it cannot be read. */
  public static Optional<ClaimedSigner> fromCertificatePem(String pem) {
    try {
      List<X509Certificate> certs = Certificates.fromPem(pem);
      return certs.isEmpty() ? Optional.empty() : Optional.of(of(certs.get(0), null, null));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The claims of a bundle's signing certificate (or key) and its kind of content; empty when unreadable. */
  public static Optional<ClaimedSigner> fromBundle(byte[] json) {
    try {
      Bundle b = Bundle.parse(json);
      String content = b.dsse() ? "dsse" : "message-signature";
      if (b.certificates().isEmpty()) {
        return Optional.of(new ClaimedSigner("public key" + (b.keyHint() == null ? "" : " " + b.keyHint()), null,
            Map.of(), content, b.payloadType()));
      }
      return Optional.of(of(b.certificates().get(0), content, b.payloadType()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Why a bundle cannot be parsed (to report a rejected candidate by name), or null when it parses. */
  public static String parseProblem(byte[] json) {
    try {
      Bundle.parse(json);
      return null;
    } catch (RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** The DSSE payload of a bundle, unverified (to show the predicate type); null for message signatures. */
  public static byte[] unverifiedPayload(byte[] bundleJson) {
    try {
      return Bundle.parse(bundleJson).payload();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static ClaimedSigner of(X509Certificate c, String content, String payloadType) {
    List<String> sans = Certificates.subjectAlternativeNames(c);
    Map<String, String> ext = new java.util.LinkedHashMap<>(Certificates.claimedExtensions(c));
    String issuer = ext.remove("issuer");
    return new ClaimedSigner(sans.isEmpty() ? c.getSubjectX500Principal().getName() : sans.get(0), issuer, ext,
        content, payloadType);
  }
}
