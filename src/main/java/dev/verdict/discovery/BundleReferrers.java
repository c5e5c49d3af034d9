package dev.verdict.discovery;

import dev.verdict.VerdictException;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageManifest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Manifests;
import dev.verdict.oci.MediaTypes;
import dev.verdict.oci.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds Sigstore bundles attached to a digest as cosign 3 stores them: referrer manifests of artifact type
 * {@code application/vnd.dev.sigstore.bundle.v0.3+json} whose layer is the bundle
 * (<a href="https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md">cosign bundle spec</a>), through
 * the OCI 1.1 referrers API or its fallback tag.
 */
public final class BundleReferrers {
  /** Bundles are a few KiB; a large one is refused before it is read. */
  static final long MAX_BUNDLE = 4L << 20;

  private BundleReferrers() {}

  public static List<AttachedBundle> find(ImageSource source, Reference image, Digest digest)
      throws VerdictException {
    List<AttachedBundle> out = new ArrayList<>();
    for (Descriptor d : source.referrers(image, digest, MediaTypes.SIGSTORE_BUNDLE_V03)) {
      Optional<FetchedManifest> m = source.manifest(image, d.digest().toString());
      if (m.isEmpty() || m.get().isIndex()) {
        continue;
      }
      ImageManifest manifest = Manifests.parseManifest(m.get());
      if (manifest.subject() == null || !manifest.subject().digest().equals(digest)) {
        continue; // a referrer whose subject is another digest says nothing about this image
      }
      for (Descriptor layer : manifest.layers()) {
        if (MediaTypes.SIGSTORE_BUNDLE_V03.equals(layer.mediaType()) && layer.size() <= MAX_BUNDLE) {
          out.add(new AttachedBundle(d.digest().toString(), d, source.blob(image, layer)));
        }
      }
    }
    return out;
  }
}
