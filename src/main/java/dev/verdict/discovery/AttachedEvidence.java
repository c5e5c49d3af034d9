package dev.verdict.discovery;

import dev.verdict.VerdictException;
import dev.verdict.oci.Digest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Reference;
import java.util.List;

/**
 * Everything attached to one image digest, the entry point of discovery for verification: classic cosign signature
 * layers, Sigstore bundle referrers and cosign attestation layers. Each kind is found on first use, so a policy that
 * needs no attestations costs no attestation look-up, and all kinds share one {@link EvidenceBudget}: what a hostile
 * registry attaches cannot exhaust the heap. Not thread-safe: one image's evidence is gathered by one thread.
 */
public final class AttachedEvidence {
  private final ImageSource source;
  private final Reference image;
  private final Digest digest;
  private final EvidenceBudget budget = new EvidenceBudget();
  private List<SignatureLayer> signatures;
  private List<AttachedBundle> bundles;
  private List<AttestationLayers.Layer> attestations;

  public AttachedEvidence(ImageSource source, Reference image, Digest digest) {
    this.source = source;
    this.image = image;
    this.digest = digest;
  }

  /** Classic cosign signatures (the {@code .sig} tag). */
  public List<SignatureLayer> signatures() throws VerdictException {
    if (signatures == null) {
      signatures = ClassicSignatures.find(source, image, digest, budget);
    }
    return signatures;
  }

  /** Sigstore bundles attached as referrers (or under the referrers fallback tag). */
  public List<AttachedBundle> bundles() throws VerdictException {
    if (bundles == null) {
      bundles = BundleReferrers.find(source, image, digest, budget);
    }
    return bundles;
  }

  /** Cosign attestation layers (the {@code .att} tag). */
  public List<AttestationLayers.Layer> attestationLayers() throws VerdictException {
    if (attestations == null) {
      attestations = AttestationLayers.find(source, image, digest, budget);
    }
    return attestations;
  }
}
