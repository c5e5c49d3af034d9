package dev.verdict.engine;

import dev.verdict.VerificationException;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.policy.Authority;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a signature over a payload against an authority's trust material. Key authorities are verified here;
 * certificate-based ones (keyless, private PKI) by the Sigstore verifiers, which fail closed when unavailable.
 */
final class AuthorityVerifiers {
  Map<String, String> verifySignature(Authority authority, SignatureLayer layer) throws VerificationException {
    if (authority instanceof Authority.Key key) {
      key.key().verify(layer.payload(), layer.signature());
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("method", "key");
      evidence.put("signer", key.key().describe());
      return evidence;
    }
    throw new VerificationException("authority '" + authority.name() + "' of type "
        + authority.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
        + " cannot be verified by this build");
  }
}
