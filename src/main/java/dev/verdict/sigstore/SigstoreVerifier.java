package dev.verdict.sigstore;

import java.util.Map;
import java.util.Objects;

/**
 * The entry point of the Sigstore verifiers for an engine: built once per authority from its trust material (a public
 * key, or certificate identities with their trusted root), then asked for every cosign signature layer, cosign
 * attestation layer and Sigstore bundle that authority must judge.
 */
public final class SigstoreVerifier {
  private final SignerRequirements requirements;

  public SigstoreVerifier(SignerRequirements requirements) {
    this.requirements = Objects.requireNonNull(requirements, "requirements");
  }

  /** Who must have signed, as this verifier was built with. */
  public SignerRequirements requirements() {
    return requirements;
  }

  /**
   * A classic cosign signature layer signed with a certificate: chain, identity, SCT and log checks.
   *
   * @throws ClassCastException when this verifier was built for a public key, whose layers the caller checks itself
   */
  public VerifiedSigner cosignSignature(byte[] payload, byte[] signature, Map<String, String> annotations)
      throws SigstoreVerificationException {
    return CosignVerifier.verifyCosignCertificate(payload, signature, annotations,
        (CertificateRequirements) requirements);
  }

  /**
   * One signature of a certificate-signed cosign attestation layer, over {@code pae} of {@code envelope}.
   *
   * @throws ClassCastException when this verifier was built for a public key
   */
  public VerifiedSigner cosignAttestation(byte[] envelope, byte[] pae, byte[] signature,
      Map<String, String> annotations) throws SigstoreVerificationException {
    return CosignAttestationVerifier.verify(envelope, pae, signature, annotations,
        (CertificateRequirements) requirements);
  }

  /**
   * A Sigstore bundle; {@code artifact} is what it must be about, or null for a DSSE bundle whose statement the
   * caller checks.
   */
  public BundleResult bundle(byte[] bundleJson, ArtifactInput artifact) throws SigstoreVerificationException {
    return BundleVerifier.verify(bundleJson, artifact, requirements);
  }
}
