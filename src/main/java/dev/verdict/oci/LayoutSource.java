package dev.verdict.oci;

import dev.verdict.InputFiles;
import dev.verdict.UndecidableException;
import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>:
 * {@code oci-layout}, {@code index.json} and {@code blobs/<alg>/<hex>}, with the same caps and digest checks as the
 * registry client. The {@code repo} argument is ignored: a layout is one repository.
 */
final class LayoutSource implements ImageSource {
  static final String CONTAINERD_NAME = "io.containerd.image.name";
  private final Path root;
  private final String name;
  private volatile LayoutIndex index;

  LayoutSource(Path root) {
    this.root = root;
    this.name = "oci:" + root;
  }

  private final VerifiedContent.Errors errors = new VerifiedContent.Errors() {
    @Override
    public UndecidableException wrongDigest(Digest expected, String what) {
      return new UndecidableException(name, "layout content does not match " + expected + " (" + what + ")");
    }

    @Override
    public UndecidableException wrongSize(Digest expected, String what, long found, long size) {
      return new UndecidableException(name, what + " has " + found + " bytes, its descriptor says " + size);
    }
  };

  @Override
  public Optional<FetchedManifest> manifest(Reference repo, String tagOrDigest) throws VerdictException {
    LayoutIndex idx = index();
    Optional<Descriptor> entry;
    Digest digest;
    if (tagOrDigest == null) {
      entry = Optional.of(idx.defaultImage());
      digest = entry.get().digest();
    } else if (tagOrDigest.contains(":")) {
      try {
        digest = Digest.parse(tagOrDigest);
      } catch (IllegalArgumentException e) {
        throw new UsageException(name + ": " + e.getMessage());
      }
      entry = idx.byDigest(digest);
      if (entry.isEmpty() && !Files.isRegularFile(blobPath(digest))) {
        return Optional.empty();
      }
    } else {
      entry = idx.byTag(tagOrDigest);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      digest = entry.get().digest();
    }
    return Optional.of(entry.isPresent() ? fetch(entry.get()) : fetch(digest, VerifiedContent.ANY_SIZE, null));
  }

  @Override
  public byte[] blob(Reference repo, Descriptor d) throws VerdictException {
    if (d.size() > RegistryClient.BLOB_CAP) {
      throw RegistryErrors.tooLarge(name, "blob " + d.digest() + " (" + d.size() + " bytes)", RegistryClient.BLOB_CAP);
    }
    return read(d.digest(), d.size(), d.size(), "blob " + d.digest());
  }

  /** Manifests of the layout (index.json entries and their children) whose subject is {@code subject}. */
  @Override
  public List<Descriptor> referrers(Reference repo, Digest subject, String artifactType) throws VerdictException {
    Map<Digest, Descriptor> found = new LinkedHashMap<>();
    List<Descriptor> candidates = new ArrayList<>();
    for (Descriptor e : index().entries()) {
      candidates.add(e);
      if (MediaTypes.isIndex(e.mediaType())) {
        candidates.addAll(Manifests.parseIndex(fetch(e)).manifests());
      }
    }
    for (Descriptor c : candidates) {
      if (MediaTypes.isIndex(c.mediaType()) || !Files.isRegularFile(blobPath(c.digest()))) {
        continue;
      }
      FetchedManifest m = fetch(c);
      ImageManifest parsed;
      try {
        parsed = Manifests.parseManifest(m);
      } catch (UndecidableException e) {
        continue; // content that is not a manifest cannot name a subject; it is no referrer of anything
      }
      if (parsed.subject() != null && parsed.subject().digest().equals(subject)) {
        String type = parsed.artifactType() != null ? parsed.artifactType() : parsed.config().mediaType();
        found.putIfAbsent(c.digest(), new Descriptor(m.mediaType(), c.digest(), m.bytes().length,
            parsed.annotations(), type, null));
      }
    }
    Optional<FetchedManifest> tagged = manifest(repo, subject.tagPrefix());
    if (tagged.isPresent()) {
      Manifests.parseIndex(tagged.get()).manifests().forEach(d -> found.putIfAbsent(d.digest(), d));
    }
    return RegistryClient.filter(new ArrayList<>(found.values()), artifactType);
  }

  /**
   * The name the layout's index entry declares for the image: containerd's {@code io.containerd.image.name}, or an
   * {@code org.opencontainers.image.ref.name} that is a full reference (as skopeo and buildkit may write).
   */
  @Override
  public Optional<String> declaredName(Reference ref) throws VerdictException {
    LayoutIndex idx = index();
    Optional<Descriptor> entry = ref.digest() != null ? idx.byDigest(ref.digest())
        : ref.tag() != null ? idx.byTag(ref.tag()) : Optional.of(idx.defaultImage());
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String containerd = entry.get().annotation(CONTAINERD_NAME);
    if (containerd != null) {
      return Optional.of(containerd);
    }
    String refName = entry.get().annotation(LayoutIndex.REF_NAME);
    if (refName != null && refName.contains("/")) {
      try {
        return Optional.of(Reference.parse(refName).toString());
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {}

  /**
   * The manifest a descriptor names. The digest proves the bytes; the descriptor's size and media type must agree
   * with them too (as containerd checks), or one index entry could present an image manifest as an index, or the
   * reverse, to different readers.
   */
  private FetchedManifest fetch(Descriptor d) throws VerdictException {
    FetchedManifest m = fetch(d.digest(), d.size(), d.mediaType());
    if (!d.mediaType().equals(m.mediaType())) {
      throw new UndecidableException(name, "manifest " + d.digest() + " is " + m.mediaType()
          + ", its descriptor says " + d.mediaType());
    }
    return m;
  }

  private FetchedManifest fetch(Digest d, long size, String mediaType) throws VerdictException {
    byte[] bytes = read(d, size, RegistryClient.MANIFEST_CAP, "manifest " + d);
    return new FetchedManifest(d, Manifests.mediaTypeOf(bytes, mediaType), bytes);
  }

  LayoutIndex index() throws VerdictException {
    LayoutIndex i = index;
    if (i == null) {
      synchronized (this) {
        if (index == null) {
          index = readIndex();
        }
        i = index;
      }
    }
    return i;
  }

  private LayoutIndex readIndex() throws VerdictException {
    if (!Files.isDirectory(root)) {
      throw new UsageException(name + ": no such directory");
    }
    if (!Files.isRegularFile(root.resolve("oci-layout"))) {
      throw new UsageException(name + ": not an OCI image layout (no oci-layout file)");
    }
    checkLayoutVersion(readCapped(root.resolve("oci-layout"), 4096, "oci-layout"));
    byte[] bytes = readCapped(root.resolve("index.json"), RegistryClient.MANIFEST_CAP, "index.json");
    FetchedManifest fm = new FetchedManifest(Digest.sha256(bytes), MediaTypes.OCI_INDEX, bytes);
    try {
      return new LayoutIndex(name, Manifests.parseIndex(fm).manifests());
    } catch (UndecidableException e) {
      throw new UndecidableException(name, "index.json: " + e.getMessage(), e);
    }
  }

  /** {@code oci-layout} must be {@code {"imageLayoutVersion": "1.x.y"}}: another version or no JSON is not a layout. */
  private void checkLayoutVersion(byte[] bytes) throws UsageException {
    String version;
    try {
      version = Json.text(Json.tree(bytes), "imageLayoutVersion");
    } catch (IllegalArgumentException e) {
      version = null;
    }
    if (version == null || !version.startsWith("1.")) {
      throw new UsageException(name + ": not an OCI image layout (oci-layout does not declare imageLayoutVersion 1.x)");
    }
  }

  private Path blobPath(Digest d) {
    return root.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
  }

  /** A blob file, capped and then checked by {@link VerifiedContent#check} against its digest and size. */
  private byte[] read(Digest d, long size, long cap, String what) throws UndecidableException {
    return VerifiedContent.check(readCapped(blobPath(d), cap, what), d, size, errors, what);
  }

  private byte[] readCapped(Path file, long cap, String what) throws UndecidableException {
    try {
      return InputFiles.read(file, cap);
    } catch (InputFiles.TooLargeException e) {
      throw RegistryErrors.tooLarge(name, what, cap);
    } catch (NoSuchFileException e) {
      throw new UndecidableException(name, what + " is missing from the layout (" + root.relativize(file) + ")");
    } catch (IOException e) {
      throw new UndecidableException(name, "cannot read " + what + ": " + InputFiles.reason(e), e);
    }
  }
}
