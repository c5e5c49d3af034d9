package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.UndecidableException;
import dev.verdict.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifest and index parsing, OCI and Docker. */
class ManifestsTest {
  private static FetchedManifest fetched(String json, String mediaType) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return new FetchedManifest(Digest.sha256(b), mediaType, b);
  }

  @Test
  void parseManifest_artifactWithSubject_allFields() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    TestImages.Image art = TestImages.artifact(img.descriptor(), "application/example", new byte[] {7},
        Map.of("created", "now"));
    ImageManifest m = Manifests.parseManifest(art.fetched());
    assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
    assertEquals("application/example", m.artifactType());
    assertEquals(img.digest(), m.subject().digest());
    assertEquals(img.bytes().length, m.subject().size());
    assertEquals(MediaTypes.OCI_EMPTY, m.config().mediaType());
    assertEquals(1, m.layers().get(0).size());
    assertEquals(Map.of("created", "now"), m.annotations());
  }

  @Test
  void parseManifest_dockerWithoutSubject_nulls() throws Exception {
    ImageManifest m = Manifests.parseManifest(TestImages.randomImage(true).fetched());
    assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
    assertEquals(MediaTypes.DOCKER_CONFIG, m.config().mediaType());
    assertNull(m.subject());
    assertNull(m.artifactType());
  }

  @Test
  void parseManifest_mediaTypeOnlyFromResponse_used() throws Exception {
    String config = "{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\""
        + Digest.sha256(new byte[0]) + "\",\"size\":0}";
    ImageManifest m = Manifests.parseManifest(fetched("{\"schemaVersion\":2,\"config\":" + config + "}",
        MediaTypes.OCI_MANIFEST));
    assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
    assertEquals(0, m.layers().size());
  }

  @Test
  void parseIndex_dockerList_platforms() throws Exception {
    TestImages.Index idx = TestImages.multiArch(true);
    ImageIndex parsed = Manifests.parseIndex(new FetchedManifest(idx.digest(), idx.mediaType(), idx.bytes()));
    assertEquals(MediaTypes.DOCKER_LIST, parsed.mediaType());
    assertEquals(Platform.parse("linux/amd64"), parsed.manifests().get(0).platform());
    assertEquals("v8", parsed.manifests().get(1).platform().variant());
  }

  @Test
  void parse_malformed_undecidableNamingDigest() {
    FetchedManifest notJson = fetched("{\"schemaVersion\":", MediaTypes.OCI_MANIFEST);
    UndecidableException e = assertThrows(UndecidableException.class, () -> Manifests.parseManifest(notJson));
    assertEquals(notJson.digest().toString(), e.reference());
    FetchedManifest badDigest = fetched("{\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:zz\",\"size\":1}}",
        MediaTypes.OCI_MANIFEST);
    assertEquals(badDigest.digest() + ": malformed manifest: config: invalid sha256 digest: expected 64 lower-case "
        + "hex characters", assertThrows(UndecidableException.class,
            () -> Manifests.parseManifest(badDigest)).getMessage());
    FetchedManifest negative = fetched("{\"config\":{\"mediaType\":\"x\",\"digest\":\"" + Digest.sha256(new byte[0])
        + "\",\"size\":-1}}", MediaTypes.OCI_MANIFEST);
    assertThrows(UndecidableException.class, () -> Manifests.parseManifest(negative));
    FetchedManifest stringSize = fetched("{\"config\":{\"mediaType\":\"x\",\"digest\":\"" + Digest.sha256(new byte[0])
        + "\",\"size\":\"1\"}}", MediaTypes.OCI_MANIFEST);
    assertThrows(UndecidableException.class, () -> Manifests.parseManifest(stringSize));
  }

  @Test
  void parse_wrongKind_rejected() {
    TestImages.Index idx = TestImages.multiArch(false);
    FetchedManifest index = new FetchedManifest(idx.digest(), idx.mediaType(), idx.bytes());
    UndecidableException e = assertThrows(UndecidableException.class, () -> Manifests.parseManifest(index));
    assertEquals(idx.digest() + ": malformed manifest: is an index (" + MediaTypes.OCI_INDEX
        + "), not an image manifest", e.getMessage());
    assertThrows(UndecidableException.class,
        () -> Manifests.parseIndex(TestImages.randomImage(false).fetched()));
  }
}
