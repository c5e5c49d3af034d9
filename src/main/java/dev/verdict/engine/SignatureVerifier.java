package dev.verdict.engine;

import dev.verdict.Json;
import dev.verdict.VerificationException;
import dev.verdict.attestation.InvalidStatementException;
import dev.verdict.attestation.Statement;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.oci.Digest;
import dev.verdict.policy.Authority;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.sigstore.BundleResult;
import dev.verdict.sigstore.SimpleSigning;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Verifies one piece of signature evidence against one authority: the signature first, then (only on verified
 * bytes) that it names the image's digest and identity. Returns the evidence of a valid signature.
 */
final class SignatureVerifier {
  /** The statement type cosign 3 signs images with in the bundle format; any other DSSE content is an attestation. */
  static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

  private final AuthorityVerifiers authorities;

  SignatureVerifier(AuthorityVerifiers authorities) {
    this.authorities = authorities;
  }

  /** A classic cosign signature layer (simple-signing payload). */
  Map<String, String> verify(SignatureLayer layer, ImagePolicy policy, Authority authority, Digest digest,
      IdentityContext identity) throws VerificationException {
    if (layer.problem() != null) {
      throw new VerificationException(layer.problem());
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("signature", layer.source());
    evidence.put("layer", layer.layer().digest().toString());
    evidence.putAll(authorities.verifyLayer(policy, authority, layer));
    SimpleSigning payload = SimpleSigning.parse(layer.payload());
    evidence.put("docker-manifest-digest", payload.manifestDigest());
    evidence.put("docker-reference", payload.dockerReference());
    if (!digest.toString().equals(payload.manifestDigest())) {
      throw new VerificationException("signature is for " + payload.manifestDigest() + ", not for " + digest);
    }
    SignedIdentityCheck.verify(identity.rule(), identity.image(), identity.imageName(), payload.dockerReference());
    return evidence;
  }

  /**
   * A Sigstore bundle attached to the image. It stands for a signature only as a message signature over the image
   * digest or as cosign's signing statement ({@value #COSIGN_SIGN_PREDICATE}) about it; any other DSSE content is an
   * attestation and never counts as a signature.
   */
  Map<String, String> verify(AttachedBundle bundle, ImagePolicy policy, Authority authority, Digest digest,
      IdentityContext identity) throws VerificationException {
    if (bundle.problem() != null) {
      throw new VerificationException(bundle.problem());
    }
    BundleResult result = authorities.verifyBundle(policy, authority, bundle, digest);
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("bundle", bundle.source());
    evidence.put("content", result.kind());
    evidence.putAll(AuthorityVerifiers.evidence(result.signer()));
    if (BundleResult.MESSAGE_SIGNATURE.equals(result.kind())) {
      SignedIdentityCheck.verify(identity.rule(), identity.image(), identity.imageName(), null);
      return evidence;
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(result.payload());
    } catch (JacksonException e) {
      throw new VerificationException("bundle's DSSE payload is not JSON; it is not a signature");
    }
    Statement statement;
    try {
      // what the signer signed must be an in-toto statement (its _type, subject and predicate), as for attestations
      statement = Statement.parse(json);
    } catch (InvalidStatementException e) {
      throw new VerificationException("bundle's DSSE payload is not an in-toto statement (" + e.getMessage()
          + "); it is not a signature");
    }
    String type = statement.predicateType();
    if (!COSIGN_SIGN_PREDICATE.equals(type)) {
      throw new VerificationException("bundle holds an attestation (predicateType " + type + "), not a signature");
    }
    evidence.put("predicateType", type);
    String name = subjectName(statement, digest);
    evidence.put("subject", name == null ? "(no name)" : name);
    SignedIdentityCheck.verify(identity.rule(), identity.image(), identity.imageName(), name);
    return evidence;
  }

  /** The name of the statement subject whose digest is the image's, or null when it has none. */
  private static String subjectName(Statement statement, Digest digest) {
    for (Statement.Subject s : statement.subjects()) {
      if (digest.hex().equals(s.digest().get(digest.algorithm()))) {
        return s.name() == null || s.name().isEmpty() ? null : s.name();
      }
    }
    return null;
  }
}
