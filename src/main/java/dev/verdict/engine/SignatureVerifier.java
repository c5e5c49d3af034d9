package dev.verdict.engine;

import dev.verdict.VerificationException;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.oci.Digest;
import dev.verdict.policy.Authority;
import dev.verdict.sigstore.SimpleSigning;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies one classic cosign signature layer against one authority: the signature over the payload first, then
 * (only on verified bytes) the payload's digest and signed identity. Returns the evidence of a valid signature.
 */
final class SignatureVerifier {
  private final AuthorityVerifiers authorities;

  SignatureVerifier(AuthorityVerifiers authorities) {
    this.authorities = authorities;
  }

  /** Evidence map (signer, digest, reference...) of a signature that verifies; throws with the reason otherwise. */
  Map<String, String> verify(SignatureLayer layer, Authority authority, Digest digest, IdentityContext identity)
      throws VerificationException {
    if (layer.problem() != null) {
      throw new VerificationException(layer.problem());
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("signature", layer.source());
    evidence.put("layer", layer.layer().digest().toString());
    evidence.putAll(authorities.verifySignature(authority, layer));
    SimpleSigning payload = SimpleSigning.parse(layer.payload());
    evidence.put("docker-manifest-digest", payload.manifestDigest());
    evidence.put("docker-reference", payload.dockerReference());
    if (!digest.toString().equals(payload.manifestDigest())) {
      throw new VerificationException("signature is for " + payload.manifestDigest() + ", not for " + digest);
    }
    SignedIdentityCheck.verify(identity.rule(), identity.image(), identity.imageName(), payload.dockerReference());
    return evidence;
  }
}
