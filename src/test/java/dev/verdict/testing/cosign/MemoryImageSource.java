package dev.verdict.testing.cosign;

import dev.verdict.VerdictException;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Reference;
import dev.verdict.testing.TestImages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory registry for unit tests: manifests by repository and tag or digest, blobs by digest. */
public final class MemoryImageSource implements ImageSource {
  private final Map<String, FetchedManifest> manifests = new HashMap<>();
  private final Map<Digest, byte[]> blobs = new HashMap<>();
  private final Map<String, java.util.List<Descriptor>> referrers = new HashMap<>();

  /** Stores a manifest under its digest and, when tag is non-null, the tag. */
  public Digest putManifest(String repository, String tag, String mediaType, byte[] bytes) {
    Digest d = Digest.sha256(bytes);
    FetchedManifest m = new FetchedManifest(d, mediaType, bytes);
    manifests.put(repository + "@" + d, m);
    if (tag != null) {
      manifests.put(repository + ":" + tag, m);
    }
    return d;
  }

  public Digest putBlob(byte[] bytes) {
    Digest d = Digest.sha256(bytes);
    blobs.put(d, bytes);
    return d;
  }

  /** Stores an image's manifest and blobs under {@code repository}. */
  public Digest put(String repository, String tag, TestImages.Image image) {
    image.blobs().forEach(b -> putBlob(b.bytes()));
    return putManifest(repository, tag, image.mediaType(), image.bytes());
  }

  @Override
  public Optional<FetchedManifest> manifest(Reference repo, String tagOrDigest) {
    String key = repo.repositoryName() + (tagOrDigest.contains(":") ? "@" : ":") + tagOrDigest;
    return Optional.ofNullable(manifests.get(key));
  }

  @Override
  public byte[] blob(Reference repo, Descriptor descriptor) throws VerdictException {
    byte[] b = blobs.get(descriptor.digest());
    if (b == null) {
      throw new dev.verdict.UndecidableException(repo.toString(), "blob unknown: " + descriptor.digest());
    }
    return b.clone();
  }

  /** Stores {@code referrer} (an image whose manifest names {@code subject}) and lists it as a referrer. */
  public Digest attach(String repository, Digest subject, String artifactType, TestImages.Image referrer) {
    Digest d = put(repository, null, referrer);
    referrers.computeIfAbsent(repository + "@" + subject, k -> new java.util.ArrayList<>())
        .add(TestImages.withArtifactType(referrer.descriptor(), artifactType));
    return d;
  }

  @Override
  public List<Descriptor> referrers(Reference repo, Digest subject, String artifactType) {
    return referrers.getOrDefault(repo.repositoryName() + "@" + subject, List.of()).stream()
        .filter(d -> artifactType == null || artifactType.equals(d.artifactType())).toList();
  }

  @Override
  public void close() {}
}
