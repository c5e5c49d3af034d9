package dev.verdict.discovery;

import dev.verdict.VerdictException;
import dev.verdict.UndecidableException;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageManifest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Manifests;
import dev.verdict.oci.MediaTypes;
import dev.verdict.oci.Reference;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Finds classic cosign signatures: the manifest tagged {@code sha256-<hex>.sig} in the image's repository, one
 * simple-signing payload per layer with the signature in an annotation
 * (<a href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md">cosign signature spec</a>).
 */
final class ClassicSignatures {
  /** Simple-signing payloads are a few hundred bytes; anything larger is refused before it is read. */
  static final long MAX_PAYLOAD = 1 << 20;

  private ClassicSignatures() {}

  /** Every signature layer attached to {@code digest}; empty when there is no signature manifest. */
  public static List<SignatureLayer> find(ImageSource source, Reference image, Digest digest)
      throws VerdictException {
    return find(source, image, digest, new EvidenceBudget());
  }

  /** As {@link #find(ImageSource, Reference, Digest)}, counting layers and payload bytes against {@code budget}. */
  public static List<SignatureLayer> find(ImageSource source, Reference image, Digest digest, EvidenceBudget budget)
      throws VerdictException {
    String tag = digest.tagPrefix() + ".sig";
    Optional<FetchedManifest> fetched = source.manifest(image, tag);
    if (fetched.isEmpty()) {
      return List.of();
    }
    FetchedManifest m = fetched.get();
    if (m.isIndex()) {
      throw new UndecidableException(image.repositoryName() + ":" + tag,
          "signature tag points to an index, expected a cosign signature manifest");
    }
    ImageManifest manifest = Manifests.parseManifest(m);
    List<SignatureLayer> out = new ArrayList<>();
    List<Descriptor> layers = manifest.layers();
    EvidenceBudget.count(image.repositoryName() + ":" + tag, layers.size(), EvidenceBudget.MAX_LAYERS,
        "signature layers");
    for (int i = 0; i < layers.size(); i++) {
      out.add(read(source, image, tag, m.digest(), i, layers.get(i), budget));
    }
    return out;
  }

  private static SignatureLayer read(ImageSource source, Reference image, String tag, Digest manifestDigest, int i,
      Descriptor layer, EvidenceBudget budget) throws VerdictException {
    String where = tag + " layer " + (i + 1);
    String sigText = layer.annotation(SignatureLayer.SIGNATURE);
    if (!MediaTypes.COSIGN_SIMPLE_SIGNING.equals(layer.mediaType())) {
      return new SignatureLayer(where, i, manifestDigest, layer, null, null, layer.annotations(),
          "layer media type " + layer.mediaType() + " is not a cosign simple-signing payload");
    }
    if (sigText == null) {
      return new SignatureLayer(where, i, manifestDigest, layer, null, null, layer.annotations(),
          "layer has no " + SignatureLayer.SIGNATURE + " annotation");
    }
    if (layer.size() > MAX_PAYLOAD) {
      return new SignatureLayer(where, i, manifestDigest, layer, null, null, layer.annotations(),
          "payload of " + layer.size() + " bytes exceeds the " + MAX_PAYLOAD + " byte limit");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(sigText.trim());
    } catch (IllegalArgumentException e) {
      return new SignatureLayer(where, i, manifestDigest, layer, null, null, layer.annotations(),
          "signature annotation is not valid base64");
    }
    budget.reserve(image.repositoryName() + ":" + where, layer.size());
    byte[] payload = source.blob(image, layer);
    return new SignatureLayer(where, i, manifestDigest, layer, payload, signature, layer.annotations(), null);
  }
}
