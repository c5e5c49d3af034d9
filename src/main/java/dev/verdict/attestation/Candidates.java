package dev.verdict.attestation;

import dev.verdict.Json;
import dev.verdict.oci.Descriptor;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns what discovery found into candidates: a layer of a cosign {@code sha256-<hex>.att} manifest (the envelope
 * is the layer blob, keyless material in its annotations, the {@code predicateType} annotation a hint), or an
 * attestation file given with {@code --attestation} (a DSSE envelope, or a Sigstore bundle whose
 * {@code dsseEnvelope} is taken; the bundle's own proofs are for the Sigstore verifier).
 */
public final class Candidates {
  /** The annotation cosign sets on attestation layers. */
  public static final String PREDICATE_TYPE_ANNOTATION = "predicateType";

  private Candidates() {}

  /**
   * A layer of a cosign attestation manifest; any media type is accepted so that a misplaced signature layer is
   * reported as rejected, not silently skipped.
   */
  public static AttestationVerifier.Candidate fromCosignLayer(String source, Descriptor layer, byte[] blob) {
    return new AttestationVerifier.Candidate(blob, source, layer.annotation(PREDICATE_TYPE_ANNOTATION),
        layer.annotations());
  }

  /** A local attestation file: its {@code dsseEnvelope} when it is a Sigstore bundle, else the file itself. */
  public static AttestationVerifier.Candidate fromFile(String name, byte[] content) {
    try {
      JsonNode root = Json.mapper().readTree(content);
      JsonNode dsse = root == null ? null : root.get("dsseEnvelope");
      if (root != null && root.isObject() && root.has("mediaType") && dsse != null && dsse.isObject()) {
        byte[] envelope = Json.mapper().writeValueAsString(dsse).getBytes(StandardCharsets.UTF_8);
        return new AttestationVerifier.Candidate(envelope, name + " (bundle)", null, java.util.Map.of());
      }
    } catch (JacksonException e) {
      // not JSON: left to the envelope parser, which names the problem
    }
    return new AttestationVerifier.Candidate(content, name, null, java.util.Map.of());
  }
}
