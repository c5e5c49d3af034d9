package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.attestation.AttestationVerifier.Candidate;
import dev.verdict.attestation.Candidates;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.AttestationLayers;
import dev.verdict.sigstore.ClaimedSigner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every attestation that may apply to an image: cosign {@code .att} layers, DSSE bundles among its referrers, and
 * files from the command line. Bundles keep their bytes so their signature is checked as a whole bundle
 * (certificate, log, timestamps), not as a bare envelope.
 */
final class AttestationCandidates {
  final List<Candidate> candidates = new ArrayList<>();
  /** Candidate source -> the Sigstore bundle it came from. */
  final Map<String, byte[]> bundles = new HashMap<>();
  /** Layers that could not be read, with why. */
  final Map<String, String> unreadable = new HashMap<>();

  static AttestationCandidates of(Evidence evidence, List<LocalAttestation> files) throws VerdictException {
    AttestationCandidates c = new AttestationCandidates();
    for (AttestationLayers.Layer l : evidence.attestationLayers()) {
      if (l.blob() == null) {
        c.unreadable.put(l.source(), l.problem());
      } else {
        c.candidates.add(Candidates.fromCosignLayer(l.source(), l.descriptor(), l.blob()));
      }
    }
    for (AttachedBundle b : evidence.bundles()) {
      if (b.problem() != null) {
        c.unreadable.put(b.label(), b.problem());
        continue;
      }
      Optional<ClaimedSigner> claimed = ClaimedSigner.fromBundle(b.bundle());
      if (claimed.isEmpty()) {
        // an unparsable bundle may have been an attestation: rejected by name, never silently dropped
        c.unreadable.put(b.label(), "bundle is malformed: " + ClaimedSigner.parseProblem(b.bundle()));
      } else if ("dsse".equals(claimed.get().content())) {
        c.add(Candidates.fromFile(b.label(), b.bundle()), b.bundle());
      }
    }
    for (LocalAttestation f : files) {
      boolean bundle = ClaimedSigner.fromBundle(f.content()).isPresent();
      c.add(Candidates.fromFile(f.name(), f.content()), bundle ? f.content() : null);
    }
    return c;
  }

  private void add(Candidate candidate, byte[] bundle) {
    candidates.add(candidate);
    if (bundle != null) {
      bundles.put(candidate.source(), bundle);
    }
  }
}
