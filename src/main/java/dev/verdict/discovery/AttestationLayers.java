package dev.verdict.discovery;

import dev.verdict.UndecidableException;
import dev.verdict.VerdictException;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Manifests;
import dev.verdict.oci.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds classic cosign attestations: the manifest tagged {@code sha256-<hex>.att}, one DSSE envelope per layer
 * (<a href="https://github.com/sigstore/cosign/blob/main/specs/ATTESTATION_SPEC.md">cosign attestation spec</a>).
 * Nothing is verified here; every layer is returned so a misplaced one is reported, not skipped.
 */
public final class AttestationLayers {
  /** Envelopes carry whole SBOMs; a larger layer is refused before it is read. */
  static final long MAX_ENVELOPE = 32L << 20;

  private AttestationLayers() {}

  /** A layer of the attestation manifest with its blob, or with {@code blob == null} and why it was not read. */
  public record Layer(String source, Descriptor descriptor, byte[] blob, String problem) {}

  public static List<Layer> find(ImageSource source, Reference image, Digest digest) throws VerdictException {
    String tag = digest.tagPrefix() + ".att";
    Optional<FetchedManifest> fetched = source.manifest(image, tag);
    if (fetched.isEmpty()) {
      return List.of();
    }
    if (fetched.get().isIndex()) {
      throw new UndecidableException(image.repositoryName() + ":" + tag,
          "attestation tag points to an index, expected a cosign attestation manifest");
    }
    List<Layer> out = new ArrayList<>();
    List<Descriptor> layers = Manifests.parseManifest(fetched.get()).layers();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor d = layers.get(i);
      String where = tag + " layer " + (i + 1);
      if (d.size() > MAX_ENVELOPE) {
        out.add(new Layer(where, d, null, "layer of " + d.size() + " bytes exceeds the " + MAX_ENVELOPE
            + " byte limit"));
      } else {
        out.add(new Layer(where, d, source.blob(image, d), null));
      }
    }
    return out;
  }
}
