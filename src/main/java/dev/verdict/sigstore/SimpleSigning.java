package dev.verdict.sigstore;

import dev.verdict.Json;
import dev.verdict.VerificationException;
import tools.jackson.databind.JsonNode;

/**
 * A cosign simple-signing payload ({@code critical.identity.docker-reference}, {@code critical.image.
 * docker-manifest-digest}, {@code critical.type}), as in the
 * <a href="https://github.com/containers/image/blob/main/docs/containers-signature.5.md">containers signature
 * format</a> that cosign's <a href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md">signature
 * spec</a> reuses. Parse only bytes whose signature has verified.
 */
public record SimpleSigning(String dockerReference, String manifestDigest, String type) {
  public static final String COSIGN_TYPE = "cosign container image signature";

  public static SimpleSigning parse(byte[] payload) throws VerificationException {
    JsonNode root;
    try {
      root = Json.tree(payload);
    } catch (IllegalArgumentException e) {
      throw new VerificationException("signed payload is not valid JSON: " + e.getMessage());
    }
    JsonNode critical = root == null ? null : root.get("critical");
    if (critical == null || !critical.isObject()) {
      throw new VerificationException("signed payload has no 'critical' object");
    }
    String type = text(critical.path("type"), "critical.type");
    if (!COSIGN_TYPE.equals(type)) {
      throw new VerificationException("signed payload type is '" + type + "', expected '" + COSIGN_TYPE + "'");
    }
    String digest = text(critical.path("image").path("docker-manifest-digest"),
        "critical.image.docker-manifest-digest");
    String ref = text(critical.path("identity").path("docker-reference"), "critical.identity.docker-reference");
    return new SimpleSigning(ref, digest, type);
  }

  private static String text(JsonNode node, String field) throws VerificationException {
    if (!node.isString()) {
      throw new VerificationException("signed payload lacks string field " + field);
    }
    return node.stringValue();
  }
}
