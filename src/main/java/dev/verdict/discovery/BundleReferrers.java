package dev.verdict.discovery;

import dev.verdict.Json;
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
import tools.jackson.databind.JsonNode;

/**
 * Finds Sigstore bundles attached to a digest as referrers, through the OCI 1.1 referrers API or its fallback tag:
 * a manifest whose artifact type is a bundle media type, with the bundle as its layer. Every spelling real signers
 * use is accepted: {@code application/vnd.dev.sigstore.bundle.v0.3+json} (cosign 3,
 * <a href="https://github.com/sigstore/cosign/blob/main/specs/BUNDLE_SPEC.md">cosign bundle spec</a>) and
 * {@code application/vnd.dev.sigstore.bundle+json;version=0.1|0.2|0.3} ({@code @sigstore/oci}, as {@code
 * actions/attest} attaches v0.2 DSSE bundles).
 *
 * <p>A referrer that claims to be a bundle but cannot be used (not a manifest, another subject, no bundle layer, a
 * bundle whose own {@code mediaType} names another version than its referrer) is returned with a problem, so it is
 * reported as a rejected candidate, never silently dropped. Counts and bytes are bounded by {@link EvidenceBudget}.
 */
final class BundleReferrers {
  /** Bundles may carry a whole SBOM (actions/attest-sbom), like envelopes. */
  static final long MAX_BUNDLE = EvidenceBudget.MAX_ITEM_BYTES;

  private BundleReferrers() {}

  public static List<AttachedBundle> find(ImageSource source, Reference image, Digest digest)
      throws VerdictException {
    return find(source, image, digest, new EvidenceBudget());
  }

  public static List<AttachedBundle> find(ImageSource source, Reference image, Digest digest, EvidenceBudget budget)
      throws VerdictException {
    // every referrer is listed: the API's artifactType filter takes one type, and bundles come in four spellings
    List<Descriptor> listed = source.referrers(image, digest, null).stream()
        .filter(d -> MediaTypes.isSigstoreBundle(d.artifactType())).toList();
    String where = image.repositoryName() + "@" + digest;
    EvidenceBudget.count(where, listed.size(), EvidenceBudget.MAX_BUNDLES, "Sigstore bundle referrers");
    List<AttachedBundle> out = new ArrayList<>();
    for (Descriptor d : listed) {
      out.addAll(referrer(source, image, digest, d, budget));
    }
    return out;
  }

  private static List<AttachedBundle> referrer(ImageSource source, Reference image, Digest digest, Descriptor d,
      EvidenceBudget budget) throws VerdictException {
    String src = d.digest().toString();
    Optional<FetchedManifest> m = source.manifest(image, src);
    if (m.isEmpty()) {
      return List.of(new AttachedBundle(src, d, null, "referrer manifest is listed but not found"));
    }
    if (m.get().isIndex()) {
      return List.of(new AttachedBundle(src, d, null, "referrer is an index, expected a bundle manifest"));
    }
    ImageManifest manifest;
    try {
      manifest = Manifests.parseManifest(m.get());
    } catch (dev.verdict.UndecidableException e) {
      return List.of(new AttachedBundle(src, d, null, "referrer manifest is malformed: " + e.getMessage()));
    }
    if (manifest.subject() == null || !manifest.subject().digest().equals(digest)) {
      // the listing is not signed: a referrer whose subject is another digest says nothing about this image
      return List.of(new AttachedBundle(src, d, null, "referrer's subject is "
          + (manifest.subject() == null ? "missing" : manifest.subject().digest()) + ", not " + digest));
    }
    EvidenceBudget.count(image.repositoryName() + "@" + src, manifest.layers().size(), EvidenceBudget.MAX_LAYERS,
        "layers of a bundle referrer");
    List<AttachedBundle> out = new ArrayList<>();
    for (Descriptor layer : manifest.layers()) {
      int claimed = MediaTypes.sigstoreBundleVersion(layer.mediaType());
      if (claimed == 0) {
        continue; // a config-like or other layer beside the bundle; the bundle layer is checked below
      }
      budget.reserve(image.repositoryName() + "@" + layer.digest(), layer.size());
      byte[] bytes = source.blob(image, layer);
      String own = ownMediaType(bytes);
      int version = MediaTypes.sigstoreBundleVersion(own);
      if (own != null && version != claimed) {
        out.add(new AttachedBundle(src, d, null, "bundle's mediaType '" + own + "' is not the v0." + claimed
            + " its referrer layer declares (" + layer.mediaType() + ")"));
      } else {
        out.add(new AttachedBundle(src, d, bytes)); // an unreadable bundle is the verifier's to reject, by name
      }
    }
    if (out.isEmpty()) {
      out.add(new AttachedBundle(src, d, null, "referrer has no layer with a Sigstore bundle media type"));
    }
    return out;
  }

  /** The bundle's own {@code mediaType}, or null when it is not a JSON object with one (the verifier says why). */
  private static String ownMediaType(byte[] bundle) {
    try {
      JsonNode root = Json.mapper().readTree(bundle);
      JsonNode mt = root == null ? null : root.get("mediaType");
      return mt != null && mt.isString() ? mt.asString() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
