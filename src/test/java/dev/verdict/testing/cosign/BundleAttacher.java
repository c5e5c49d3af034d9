package dev.verdict.testing.cosign;

import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Attaches Sigstore bundles to an image as cosign 3 does on a registry without the referrers API: a referrer
 * manifest (artifactType and layer {@code application/vnd.dev.sigstore.bundle.v0.3+json}, subject = the image) and
 * the {@code sha256-<hex>} fallback-tag index listing every referrer. Test-only.
 */
public final class BundleAttacher {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final OciPusher push;
  private final String repo;
  private final Descriptor subject;
  private final List<Descriptor> referrers = new ArrayList<>();

  public BundleAttacher(OciPusher push, String repo, Descriptor subject) {
    this.push = push;
    this.repo = repo;
    this.subject = subject;
  }

  /**
   * The bundle relabelled as the version {@code mediaType} names: its own mediaType and, before v0.3, the
   * certificate as a one-element x509CertificateChain (as sigstore-js writes v0.1 and v0.2 bundles).
   */
  public static byte[] relabel(byte[] bundle, String mediaType) {
    ObjectNode b = (ObjectNode) JSON.readTree(bundle);
    b.put("mediaType", mediaType);
    if (MediaTypes.sigstoreBundleVersion(mediaType) < 3) {
      ObjectNode vm = (ObjectNode) b.get("verificationMaterial");
      tools.jackson.databind.JsonNode cert = vm.remove("certificate");
      vm.putObject("x509CertificateChain").putArray("certificates").add(cert);
    }
    return JSON.writeValueAsBytes(b);
  }

  /** The referrer manifest cosign writes for one bundle. */
  public static TestImages.Image referrer(Descriptor subject, byte[] bundle) {
    return referrer(subject, bundle, MediaTypes.SIGSTORE_BUNDLE_V03);
  }

  /**
   * A referrer manifest for one bundle with {@code mediaType} as artifact type and layer media type, as cosign 3
   * ({@code bundle.v0.3+json}) and {@code @sigstore/oci} ({@code bundle+json;version=0.N}) write them.
   */
  public static TestImages.Image referrer(Descriptor subject, byte[] bundle, String mediaType) {
    TestImages.Blob empty = new TestImages.Blob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    TestImages.Blob layer = new TestImages.Blob(mediaType, bundle);
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST)
        .put("artifactType", mediaType);
    m.set("config", TestImages.node(empty.descriptor()));
    m.putArray("layers").add(TestImages.node(layer.descriptor()));
    m.set("subject", TestImages.node(subject));
    return new TestImages.Image(MediaTypes.OCI_MANIFEST, JSON.writeValueAsBytes(m), List.of(empty, layer));
  }

  /** Pushes the bundle's referrer and rewrites the fallback tag to list every bundle attached so far. */
  public Digest attach(byte[] bundle) throws IOException {
    return attach(bundle, MediaTypes.SIGSTORE_BUNDLE_V03);
  }

  /** As {@link #attach(byte[])}, with {@code mediaType} as the referrer's artifact type and layer media type. */
  public Digest attach(byte[] bundle, String mediaType) throws IOException {
    TestImages.Image r = referrer(subject, bundle, mediaType);
    for (TestImages.Blob b : r.blobs()) {
      push.pushBlob(repo, b.bytes());
    }
    Digest d = push.pushManifest(repo, r.digest().toString(), r.mediaType(), r.bytes());
    referrers.add(TestImages.withArtifactType(r.descriptor(), mediaType));
    push.pushManifest(repo, subject.digest().tagPrefix(), MediaTypes.OCI_INDEX,
        TestImages.indexBytes(MediaTypes.OCI_INDEX, referrers));
    return d;
  }
}
