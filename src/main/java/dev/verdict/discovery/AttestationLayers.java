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
 * Nothing is verified here; every layer is returned so a misplaced one is reported, not skipped. A layer over the
 * size bound, too many layers, or too many bytes in all ({@link EvidenceBudget}) is a deny: a layer left unread could
 * be the {@code affected} VEX statement or the failing attestation.
 */
public final class AttestationLayers {
  /** Envelopes carry whole SBOMs; a larger layer is refused before it is read. */
  static final long MAX_ENVELOPE = EvidenceBudget.MAX_ITEM_BYTES;

  private AttestationLayers() {}

  /** A layer of the attestation manifest with its blob, or with {@code blob == null} and why it was not read. */
  public record Layer(String source, Descriptor descriptor, byte[] blob, String problem) {}

  public static List<Layer> find(ImageSource source, Reference image, Digest digest) throws VerdictException {
    return find(source, image, digest, new EvidenceBudget());
  }

  /** As {@link #find(ImageSource, Reference, Digest)}, counting layers and bytes against {@code budget}. */
  public static List<Layer> find(ImageSource source, Reference image, Digest digest, EvidenceBudget budget)
      throws VerdictException {
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
    EvidenceBudget.count(image.repositoryName() + ":" + tag, layers.size(), EvidenceBudget.MAX_LAYERS,
        "attestation layers");
    for (int i = 0; i < layers.size(); i++) {
      Descriptor d = layers.get(i);
      String where = tag + " layer " + (i + 1);
      budget.reserve(image.repositoryName() + ":" + where, d.size());
      out.add(new Layer(where, d, source.blob(image, d), null));
    }
    return out;
  }
}
