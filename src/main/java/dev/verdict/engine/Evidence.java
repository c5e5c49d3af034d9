package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.AttachedEvidence;
import dev.verdict.discovery.AttestationLayers;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.oci.Digest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Reference;
import java.util.List;

/**
 * What is attached to one image digest ({@link AttachedEvidence}, found on first use within one budget), discovered
 * once and shared by every policy that applies to it, with the attestation candidates gathered from it.
 */
final class Evidence {
  private final AttachedEvidence attached;
  private final Reference image;
  private final Digest digest;
  private AttestationCandidates candidates;

  Evidence(ImageSource source, Reference image, Digest digest) {
    this.attached = new AttachedEvidence(source, image, digest);
    this.image = image;
    this.digest = digest;
  }

  List<SignatureLayer> signatures() throws VerdictException {
    return attached.signatures();
  }

  List<AttachedBundle> bundles() throws VerdictException {
    return attached.bundles();
  }

  List<AttestationLayers.Layer> attestationLayers() throws VerdictException {
    return attached.attestationLayers();
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
