package dev.verdict.sigstore;

/**
 * A verified bundle: who signed, and what kind of content it held.
 *
 * @param kind {@code message-signature} (a signature over the artifact) or {@code dsse-attestation} (an in-toto
 *     statement in a DSSE envelope) or {@code dsse} (another DSSE payload); an attestation is never a signature
 * @param payloadType the DSSE payload type, or null for message signatures
 * @param payload the verified DSSE payload (the statement), or null for message signatures
 */
public record BundleResult(VerifiedSigner signer, String kind, String payloadType, byte[] payload) {
  public static final String MESSAGE_SIGNATURE = "message-signature";
  public static final String DSSE_ATTESTATION = "dsse-attestation";
  public static final String DSSE = "dsse";

  public BundleResult {
    payload = payload == null ? null : payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload == null ? null : payload.clone();
  }

  public boolean attestation() {
    return DSSE_ATTESTATION.equals(kind);
  }
}
