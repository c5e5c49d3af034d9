package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.UndecidableException;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client against a real CNCF Distribution 2.8 registry. */
class RegistryClientIT {
  private static RegistryServer registry;
  private static OciPusher pusher;
  private static ImageSource source;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    pusher = new OciPusher(registry.host());
    source = ImageSources.registry(RegistryOptions.defaults().withDockerConfigDir(Path.of("/nonexistent")));
  }

  @AfterAll
  static void stop() {
    source.close();
    registry.close();
  }

  private static Reference repo(String name) {
    return Reference.parse(registry.host() + "/" + name);
  }

  @Test
  void manifest_byTagAndByDigest_returnsSameBytesAndComputedDigest() throws Exception {
    for (boolean docker : new boolean[] {false, true}) {
      TestImages.Image img = TestImages.randomImage(docker);
      pusher.push("app/one", img, "v1");

      FetchedManifest byTag = source.manifest(repo("app/one"), "v1").orElseThrow();
      FetchedManifest byDigest = source.manifest(repo("app/one"), img.digest().toString()).orElseThrow();

      assertEquals(img.digest(), byTag.digest());
      assertEquals(img.mediaType(), byTag.mediaType());
      assertArrayEquals(img.bytes(), byDigest.bytes());
      ImageManifest parsed = Manifests.parseManifest(byDigest);
      assertEquals(img.config().digest(), parsed.config().digest());
      assertEquals(img.layer().digest(), parsed.layers().get(0).digest());
    }
  }

  @Test
  void manifest_unknownTag_isEmpty() throws Exception {
    pusher.push("app/two", TestImages.randomImage(false), "v1");
    assertTrue(source.manifest(repo("app/two"), "nope").isEmpty());
    assertTrue(source.manifest(repo("never/pushed"), "v1").isEmpty());
  }

  @Test
  void blob_pushedLayer_isReturnedDigestChecked() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    pusher.push("app/blob", img, "v1");
    assertArrayEquals(img.layer().bytes(), source.blob(repo("app/blob"), img.layer().descriptor()));
    assertArrayEquals(img.config().bytes(), source.blob(repo("app/blob"), img.config().descriptor()));
  }

  @Test
  void blob_missing_throwsUndecidable() throws Exception {
    Descriptor missing = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(new byte[] {1}), 1);
    UndecidableException e = assertThrows(UndecidableException.class, () -> source.blob(repo("app/blob"), missing));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void manifest_multiArchIndex_parsesPlatforms() throws Exception {
    for (boolean docker : new boolean[] {false, true}) {
      TestImages.Index idx = TestImages.multiArch(docker);
      pusher.push("app/multi", idx, "v1");
      FetchedManifest fetched = source.manifest(repo("app/multi"), "v1").orElseThrow();
      assertTrue(fetched.isIndex());
      ImageIndex parsed = Manifests.parseIndex(fetched);
      assertEquals(Platform.parse("linux/amd64"), parsed.manifests().get(0).platform());
      assertEquals(Platform.parse("linux/arm64/v8"), parsed.manifests().get(1).platform());
      FetchedManifest child = source.manifest(repo("app/multi"), parsed.manifests().get(1).digest().toString())
          .orElseThrow();
      assertEquals(idx.images().get(1).digest(), child.digest());
    }
  }

  @Test
  void referrers_registryWithoutApi_usesFallbackTag() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    Digest subject = pusher.push("app/ref", img, "v1");
    TestImages.Image sbom = TestImages.artifact(img.descriptor(), "application/spdx+json",
        "{}".getBytes(StandardCharsets.UTF_8), Map.of("org.example", "x"));
    pusher.push("app/ref", sbom, null);
    Descriptor entry = TestImages.withAnnotations(
        TestImages.withArtifactType(sbom.descriptor(), "application/spdx+json"), Map.of("org.example", "x"));
    pusher.pushManifest("app/ref", subject.tagPrefix(), MediaTypes.OCI_INDEX,
        TestImages.indexBytes(MediaTypes.OCI_INDEX, List.of(entry)));

    List<Descriptor> all = source.referrers(repo("app/ref"), subject, null);
    assertEquals(List.of(entry), all);
    assertEquals(List.of(entry), source.referrers(repo("app/ref"), subject, "application/spdx+json"));
    assertEquals(List.of(), source.referrers(repo("app/ref"), subject, "application/vnd.cyclonedx+json"));
    assertEquals(List.of(), source.referrers(repo("app/ref"), sbom.digest(), null));
  }

  @Test
  void basicAuth_credentialsFromDockerConfigDir_areUsed(@TempDir Path dir) throws Exception {
    try (RegistryServer secured = RegistryServer.startWithBasicAuth("alice", "s3cret")) {
      TestImages.Image img = TestImages.randomImage(false);
      new OciPusher(secured.host(), "alice", "s3cret").push("private/app", img, "v1");
      Reference ref = Reference.parse(secured.host() + "/private/app:v1");

      writeConfig(dir.resolve("good"), secured.host(), "alice:s3cret");
      try (ImageSource good = ImageSources.registry(RegistryOptions.defaults().withDockerConfigDir(dir.resolve("good")))) {
        assertEquals(img.digest(), good.manifest(ref, "v1").orElseThrow().digest());
        assertArrayEquals(img.layer().bytes(), good.blob(ref, img.layer().descriptor()));
      }

      writeConfig(dir.resolve("bad"), secured.host(), "alice:wrong");
      try (ImageSource bad = ImageSources.registry(RegistryOptions.defaults().withDockerConfigDir(dir.resolve("bad")))) {
        UndecidableException e = assertThrows(UndecidableException.class, () -> bad.manifest(ref, "v1"));
        assertEquals(secured.host() + "/private/app: authentication failed for " + secured.host(), e.getMessage());
      }

      try (ImageSource none = ImageSources.registry(RegistryOptions.defaults().withDockerConfigDir(dir.resolve("x")))) {
        UndecidableException e = assertThrows(UndecidableException.class, () -> none.manifest(ref, "v1"));
        assertTrue(e.getMessage().contains("authentication failed for " + secured.host()), e.getMessage());
      }
    }
  }

  @Test
  void manifest_registryStopped_throwsUndecidableNamingRegistry() throws Exception {
    RegistryServer doomed = RegistryServer.start();
    String host = doomed.host();
    doomed.close();
    try (ImageSource s = ImageSources.registry(RegistryOptions.defaults().withTimeout(Duration.ofSeconds(2)))) {
      UndecidableException e = assertThrows(UndecidableException.class,
          () -> s.manifest(Reference.parse(host + "/gone:v1"), "v1"));
      assertTrue(e.getMessage().contains("cannot connect to registry " + host), e.getMessage());
      assertEquals(host + "/gone", e.reference());
    }
  }

  @Test
  void oneSource_manyThreadsManyRepositories_allSucceed() throws Exception {
    List<TestImages.Image> images = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      TestImages.Image img = TestImages.randomImage(i % 2 == 0);
      pusher.push("conc/r" + i, img, "v1");
      images.add(img);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Digest>> results = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (int i = 0; i < images.size(); i++) {
          Reference r = repo("conc/r" + i);
          results.add(pool.submit(() -> source.manifest(r, "v1").orElseThrow().digest()));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertEquals(images.get(i % images.size()).digest(), results.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static void writeConfig(Path dir, String host, String userColonPassword) throws Exception {
    Files.createDirectories(dir);
    String auth = Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
  }
}
