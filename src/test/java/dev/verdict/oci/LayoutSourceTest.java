package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.UndecidableException;
import dev.verdict.UsageException;
import dev.verdict.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCI layout reader, including layouts shaped like {@code cosign save} output. */
class LayoutSourceTest {
  private static final String REF_NAME = "org.opencontainers.image.ref.name";
  @TempDir Path dir;

  private static Reference ref(Path p) {
    return Reference.parse("oci:" + p);
  }

  @Test
  void manifest_byTagDigestAndDefault_found() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    Path p = TestImages.layout(dir).add(img, Map.of(REF_NAME, "v1")).write();
    try (ImageSource src = ImageSources.layout(p)) {
      assertEquals(img.digest(), src.manifest(ref(p), "v1").orElseThrow().digest());
      assertEquals(img.digest(), src.manifest(ref(p), img.digest().toString()).orElseThrow().digest());
      assertEquals(img.digest(), src.manifest(ref(p), null).orElseThrow().digest());
      assertEquals(MediaTypes.OCI_MANIFEST, src.manifest(ref(p), null).orElseThrow().mediaType());
      assertTrue(src.manifest(ref(p), "v2").isEmpty());
      assertTrue(src.manifest(ref(p), Digest.sha256(new byte[1]).toString()).isEmpty());
      assertArrayEquals(img.layer().bytes(), src.blob(ref(p), img.layer().descriptor()));
    }
    assertEquals(img.digest(), ImageSources.defaultImage(p).digest());
  }

  @Test
  void manifest_childOfIndexByDigest_found() throws Exception {
    TestImages.Index idx = TestImages.multiArch(false);
    Path p = TestImages.layout(dir).add(idx, Map.of(REF_NAME, "multi")).write();
    try (ImageSource src = ImageSources.layout(p)) {
      FetchedManifest top = src.manifest(ref(p), "multi").orElseThrow();
      ImageIndex parsed = Manifests.parseIndex(top);
      assertEquals(Platform.parse("linux/arm64/v8"), parsed.manifests().get(1).platform());
      Digest arm = parsed.manifests().get(1).digest();
      assertEquals(arm, src.manifest(ref(p), arm.toString()).orElseThrow().digest());
    }
  }

  @Test
  void defaultImage_severalImages_usageErrorListingTags() {
    Path p = TestImages.layout(dir).add(TestImages.randomImage(false), Map.of(REF_NAME, "a"))
        .add(TestImages.randomImage(false), Map.of(REF_NAME, "b")).write();
    UsageException e = assertThrows(UsageException.class, () -> ImageSources.layout(p).manifest(ref(p), null));
    assertEquals("oci:" + p + " holds 2 images; name one as oci:" + p + ":TAG or oci:" + p
        + "@sha256:HEX (found: a, b)", e.getMessage());
  }

  @Test
  void manifest_tamperedBlob_rejected() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    Path p = TestImages.layout(dir).add(img, Map.of(REF_NAME, "v1")).write();
    Path blob = p.resolve("blobs/sha256/" + img.digest().hex());
    Files.write(blob, (new String(img.bytes(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8));
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> ImageSources.layout(p).manifest(ref(p), "v1"));
    assertEquals("oci:" + p + ": layout content does not match " + img.digest() + " (manifest " + img.digest() + ")",
        e.getMessage());
  }

  @Test
  void blob_missingOrWrongSize_rejected() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    Path p = TestImages.layout(dir).add(img, Map.of()).write();
    Files.delete(p.resolve("blobs/sha256/" + img.layer().digest().hex()));
    ImageSource src = ImageSources.layout(p);
    UndecidableException missing = assertThrows(UndecidableException.class,
        () -> src.blob(ref(p), img.layer().descriptor()));
    assertTrue(missing.getMessage().contains("is missing from the layout"), missing.getMessage());
    Descriptor shortened = Descriptor.of(MediaTypes.OCI_CONFIG, img.config().digest(), 3);
    UndecidableException big = assertThrows(UndecidableException.class, () -> src.blob(ref(p), shortened));
    assertTrue(big.getMessage().contains("larger than 3 bytes"), big.getMessage());
  }

  @Test
  void open_notALayout_usageError() {
    UsageException e = assertThrows(UsageException.class,
        () -> ImageSources.open(ref(dir), RegistryOptions.defaults()).manifest(ref(dir), "v1"));
    assertEquals("oci:" + dir + ": not an OCI image layout (no oci-layout file)", e.getMessage());
  }

  /** The shape `cosign save` writes: entries annotated kind=dev.cosignproject.cosign/{image,sigs,atts}. */
  @Test
  void cosignSaveLayout_sigAndAttTagsMapToKindEntries() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    TestImages.Image sigs = TestImages.randomImage(false);
    TestImages.Image atts = TestImages.randomImage(false);
    Path p = TestImages.layout(dir).add(img, Map.of("kind", "dev.cosignproject.cosign/image"))
        .add(sigs, Map.of("kind", "dev.cosignproject.cosign/sigs"))
        .add(atts, Map.of("kind", "dev.cosignproject.cosign/atts")).write();
    try (ImageSource src = ImageSources.layout(p)) {
      assertEquals(img.digest(), src.manifest(ref(p), null).orElseThrow().digest());
      String prefix = img.digest().tagPrefix();
      assertEquals(sigs.digest(), src.manifest(ref(p), prefix + ".sig").orElseThrow().digest());
      assertEquals(atts.digest(), src.manifest(ref(p), prefix + ".att").orElseThrow().digest());
      assertTrue(src.manifest(ref(p), prefix + ".sbom").isEmpty());
      // Attachments belong to the signed image only, never to another digest.
      assertTrue(src.manifest(ref(p), sigs.digest().tagPrefix() + ".sig").isEmpty());
    }
  }

  @Test
  void cosignSaveLayout_imageIndexKind_signaturesFound() throws Exception {
    TestImages.Index idx = TestImages.multiArch(false);
    TestImages.Image sigs = TestImages.randomImage(false);
    Path p = TestImages.layout(dir).add(idx, Map.of("kind", "dev.cosignproject.cosign/imageIndex"))
        .add(sigs, Map.of("kind", "dev.cosignproject.cosign/sigs")).write();
    try (ImageSource src = ImageSources.layout(p)) {
      assertEquals(idx.digest(), ImageSources.defaultImage(p).digest());
      assertEquals(sigs.digest(), src.manifest(ref(p), idx.digest().tagPrefix() + ".sig").orElseThrow().digest());
      assertTrue(src.manifest(ref(p), idx.digest().tagPrefix() + ".att").isEmpty());
    }
  }

  @Test
  void layoutWithRegistryStyleTags_sigTagEntryAndDefaultImage() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    TestImages.Image sig = TestImages.randomImage(false);
    Path p = TestImages.layout(dir).add(img, Map.of(REF_NAME, "v1"))
        .add(sig, Map.of(REF_NAME, img.digest().tagPrefix() + ".sig")).write();
    try (ImageSource src = ImageSources.layout(p)) {
      assertEquals(img.digest(), src.manifest(ref(p), null).orElseThrow().digest());
      assertEquals(sig.digest(), src.manifest(ref(p), img.digest().tagPrefix() + ".sig").orElseThrow().digest());
    }
  }

  @Test
  void referrers_subjectManifestsAndFallbackTag_foundAndFiltered() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    TestImages.Image bundle = TestImages.artifact(img.descriptor(), MediaTypes.SIGSTORE_BUNDLE_V03,
        "{}".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"));
    TestImages.Image sbom = TestImages.artifact(img.descriptor(), "application/spdx+json", new byte[] {1}, Map.of());
    TestImages.Image unrelated = TestImages.artifact(TestImages.randomImage(false).descriptor(),
        "application/spdx+json", new byte[] {2}, Map.of());
    TestImages.Layout layout = TestImages.layout(dir).add(img, Map.of(REF_NAME, "v1")).add(bundle, Map.of())
        .add(unrelated, Map.of()).store(sbom);
    byte[] fallback = TestImages.indexBytes(MediaTypes.OCI_INDEX,
        List.of(TestImages.withArtifactType(sbom.descriptor(), "application/spdx+json")));
    Digest fallbackDigest = layout.blob(fallback);
    layout.entry(new Descriptor(MediaTypes.OCI_INDEX, fallbackDigest, fallback.length,
        Map.of(REF_NAME, img.digest().tagPrefix()), null, null));
    Path p = layout.write();
    try (ImageSource src = ImageSources.layout(p)) {
      List<Descriptor> all = src.referrers(ref(p), img.digest(), null);
      assertEquals(List.of(bundle.digest(), sbom.digest()), all.stream().map(Descriptor::digest).toList());
      assertEquals(MediaTypes.SIGSTORE_BUNDLE_V03, all.get(0).artifactType());
      assertEquals(Map.of("k", "v"), all.get(0).annotations());
      assertEquals(List.of(sbom.digest()), src.referrers(ref(p), img.digest(), "application/spdx+json").stream()
          .map(Descriptor::digest).toList());
      assertEquals(List.of(), src.referrers(ref(p), bundle.digest(), null));
    }
  }
}
