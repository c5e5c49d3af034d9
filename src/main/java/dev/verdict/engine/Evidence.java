package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.AttestationLayers;
import dev.verdict.discovery.BundleReferrers;
import dev.verdict.discovery.ClassicSignatures;
import dev.verdict.discovery.EvidenceBudget;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.oci.Digest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Reference;
import java.util.List;

/**
 * What is attached to one image digest, discovered once and shared by every policy that applies to it. Each kind is
 * fetched on first use, so a policy that needs no attestations costs no attestation look-up. All kinds share one
 * {@link EvidenceBudget}: what a hostile registry attaches cannot exhaust the heap.
 */
final class Evidence {
  private final ImageSource source;
  private final Reference image;
  private final Digest digest;
  private final EvidenceBudget budget = new EvidenceBudget();
  private List<SignatureLayer> signatures;
  private List<AttachedBundle> bundles;
  private List<AttestationLayers.Layer> attestations;
  private AttestationCandidates candidates;

  Evidence(ImageSource source, Reference image, Digest digest) {
    this.source = source;
    this.image = image;
    this.digest = digest;
  }

  List<SignatureLayer> signatures() throws VerdictException {
    if (signatures == null) {
      signatures = ClassicSignatures.find(source, image, digest, budget);
    }
    return signatures;
  }

  List<AttachedBundle> bundles() throws VerdictException {
    if (bundles == null) {
      bundles = BundleReferrers.find(source, image, digest, budget);
    }
    return bundles;
  }

  List<AttestationLayers.Layer> attestationLayers() throws VerdictException {
    if (attestations == null) {
      attestations = AttestationLayers.find(source, image, digest, budget);
    }
    return attestations;
  }

  /** Every attestation candidate for this digest, gathered once for all attestation rules. */
  AttestationCandidates attestationCandidates(java.util.List<LocalAttestation> files) throws VerdictException {
    if (candidates == null) {
      candidates = AttestationCandidates.of(this, files);
    }
    return candidates;
  }

  Reference image() {
    return image;
  }

  Digest digest() {
    return digest;
  }
}
