package dev.verdict.engine;

import dev.verdict.VerificationException;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.oci.Digest;
import dev.verdict.policy.Authority;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.sigstore.ArtifactInput;
import dev.verdict.sigstore.BundleResult;
import dev.verdict.sigstore.VerifiedSigner;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks signed content against an authority's trust material: a public key here, certificates (keyless or
 * private PKI, with log, SCT and identity checks) through the Sigstore verifiers.
 */
final class AuthorityVerifiers {
  private final TrustMaterial trust;

  AuthorityVerifiers(TrustMaterial trust) {
    this.trust = trust;
  }

  /** Verifies a classic cosign layer's signature over its payload; returns who signed. */
  Map<String, String> verifyLayer(ImagePolicy policy, Authority authority, SignatureLayer layer)
      throws VerificationException {
    if (authority instanceof Authority.Key key) {
      key.key().verify(layer.payload(), layer.signature());
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("method", "key");
      evidence.put("signer", key.key().describe());
      return evidence;
    }
    if (!layer.hasCertificate()) {
      throw new VerificationException("layer carries no certificate, so it cannot be a " + kind(authority)
          + " signature");
    }
    return evidence(trust.sigstore(policy, authority).cosignSignature(layer.payload(), layer.signature(),
        layer.annotations()));
  }

  /** Verifies a Sigstore bundle about {@code digest}; the caller decides what its content may stand for. */
  BundleResult verifyBundle(ImagePolicy policy, Authority authority, AttachedBundle bundle, Digest digest)
      throws VerificationException {
    return trust.sigstore(policy, authority).bundle(bundle.bundle(), ArtifactInput.parseDigest(digest.toString()));
  }

  static Map<String, String> evidence(VerifiedSigner s) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("method", s.method());
    e.put("signer", s.subject());
    if (s.issuer() != null) {
      e.put("issuer", s.issuer());
    }
    if (s.integratedTime() != null) {
      e.put("integratedTime", s.integratedTime().toString());
    }
    if (s.logIndex() != null) {
      e.put("logIndex", s.logIndex().toString());
    }
    if (s.trustAnchor() != null) {
      e.put("trustAnchor", s.trustAnchor());
    }
    if (!s.timestamps().isEmpty()) {
      e.put("timestamps", s.timestamps().toString());
    }
    s.extensions().forEach((k, v) -> e.put("extension." + k, v));
    return e;
  }

  private static String kind(Authority a) {
    return a instanceof Authority.Keyless ? "keyless" : "certificate";
  }
}
