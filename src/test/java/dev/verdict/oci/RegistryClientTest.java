package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.UndecidableException;
import dev.verdict.oci.FakeRegistry.Answer;
import dev.verdict.testing.TestImages;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client against a scripted registry that misbehaves in specific ways. */
class RegistryClientTest {
  /** What the client's {@link RegistryListener} heard: "registry status" per request. */
  private final List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
  private FakeRegistry fake;
  private ImageSource client;
  private Reference repo;
  @TempDir Path tmp;

  @BeforeEach
  void setUp() throws Exception {
    fake = new FakeRegistry();
    client = ImageSources.registry(new RegistryOptions(Set.of(), null, tmp, Duration.ofSeconds(5), 2,
        (registry, status) -> heard.add(registry + " " + status)));
    repo = Reference.parse(fake.host() + "/team/app");
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void manifest_byDigestWithOtherBytes_rejectsAsMismatch() throws Exception {
    TestImages.Image asked = TestImages.randomImage(false);
    TestImages.Image other = TestImages.randomImage(false);
    fake.on("/v2/team/app/manifests/" + asked.digest(), Answer.of(200, other.bytes(),
        "Content-Type", MediaTypes.OCI_MANIFEST, "Docker-Content-Digest", asked.digest().toString()));
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> client.manifest(repo, asked.digest().toString()));
    assertEquals(fake.host() + "/team/app: registry returned content that does not match " + asked.digest(),
        e.getMessage());
  }

  @Test
  void manifest_byTagWithWrongDigestHeader_rejected() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    Digest claimed = Digest.sha256(bytes("something else"));
    fake.on("/v2/team/app/manifests/v1", Answer.of(200, img.bytes(),
        "Content-Type", MediaTypes.OCI_MANIFEST, "Docker-Content-Digest", claimed.toString()));
    UndecidableException e = assertThrows(UndecidableException.class, () -> client.manifest(repo, "v1"));
    assertTrue(e.getMessage().endsWith("registry returned content that does not match " + claimed), e.getMessage());
  }

  @Test
  void manifest_byTagWithoutHeader_digestComputedFromBytes() throws Exception {
    TestImages.Image img = TestImages.randomImage(true);
    // The document says Docker; the response claims OCI: the document wins.
    fake.on("/v2/team/app/manifests/v1", Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST));
    FetchedManifest m = client.manifest(repo, "v1").orElseThrow();
    assertEquals(img.digest(), m.digest());
    assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
    String accept = fake.seen.get(0).accept();
    assertTrue(accept.contains(MediaTypes.OCI_INDEX) && accept.contains(MediaTypes.DOCKER_LIST), accept);
  }

  @Test
  void manifest_over4MiB_rejectedAsTooLarge() throws Exception {
    byte[] huge = new byte[(int) RegistryClient.MANIFEST_CAP + 1];
    fake.on("/v2/team/app/manifests/v1", Answer.of(200, huge, "Content-Type", MediaTypes.OCI_MANIFEST));
    UndecidableException e = assertThrows(UndecidableException.class, () -> client.manifest(repo, "v1"));
    assertTrue(e.getMessage().contains("manifest v1 is larger than 4194304 bytes"), e.getMessage());
  }

  @Test
  void blob_longerThanDescriptor_rejected() throws Exception {
    byte[] content = bytes("0123456789");
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(content), 5);
    fake.on("/v2/team/app/blobs/" + d.digest(), Answer.of(200, content));
    UndecidableException e = assertThrows(UndecidableException.class, () -> client.blob(repo, d));
    assertTrue(e.getMessage().contains("larger than 5 bytes"), e.getMessage());
  }

  @Test
  void blob_wrongBytes_rejectedAsMismatch() throws Exception {
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(bytes("right")), 5);
    fake.on("/v2/team/app/blobs/" + d.digest(), Answer.of(200, bytes("wrong")));
    UndecidableException e = assertThrows(UndecidableException.class, () -> client.blob(repo, d));
    assertTrue(e.getMessage().endsWith("does not match " + d.digest()), e.getMessage());
  }

  @Test
  void blob_descriptorOver64MiB_refusedWithoutRequest() {
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(bytes("x")), RegistryClient.BLOB_CAP + 1);
    UndecidableException e = assertThrows(UndecidableException.class, () -> client.blob(repo, d));
    assertTrue(e.getMessage().contains("larger than 67108864 bytes"), e.getMessage());
    assertTrue(fake.seen.isEmpty());
  }

  @Test
  void manifest_429ThenOk_retriedAndReturned() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> n == 1
        ? Answer.of(429, bytes("slow down"), "Retry-After", "0")
        : Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST));
    assertEquals(img.digest(), client.manifest(repo, "v1").orElseThrow().digest());
    assertEquals(2, fake.calls("/v2/team/app/manifests/v1"));
  }

  @Test
  void manifest_always503_givesUpAfterMaxRetries() {
    fake.on("/v2/team/app/manifests/v1", Answer.of(503, bytes("{\"errors\":[{\"code\":\"UNAVAILABLE\"}]}")));
    UndecidableException e = assertThrows(UndecidableException.class, () -> client.manifest(repo, "v1"));
    assertEquals(fake.host() + "/team/app: registry " + fake.host()
        + " answered HTTP 503 for manifest v1 (after retries): UNAVAILABLE", e.getMessage());
    assertEquals(3, fake.calls("/v2/team/app/manifests/v1"));
  }

  @Test
  void manifest_bearerChallenge_fetchesTokenOnceWithBasicCredentials() throws Exception {
    String login = Base64.getEncoder().encodeToString(bytes("bob:pw"));
    Files.writeString(tmp.resolve("config.json"),
        "{\"auths\":{\"http://" + fake.host() + "/v2/\":{\"auth\":\"" + login + "\"}}}");
    TestImages.Image img = TestImages.randomImage(false);
    String challenge = "Bearer realm=\"http://" + fake.host() + "/token\",service=\"fake\",scope=\"x\"";
    fake.on("/token", (ex, n) -> "Basic " .concat(login).equals(ex.getRequestHeaders().getFirst("Authorization"))
        ? Answer.of(200, bytes("{\"token\":\"tok-1\",\"expires_in\":300}")) : Answer.of(401, new byte[0]));
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> "Bearer tok-1".equals(ex.getRequestHeaders()
        .getFirst("Authorization")) ? Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST)
        : Answer.of(401, new byte[0], "WWW-Authenticate", challenge));

    assertEquals(img.digest(), client.manifest(repo, "v1").orElseThrow().digest());
    assertEquals(img.digest(), client.manifest(repo, "v1").orElseThrow().digest());
    assertEquals(1, fake.calls("/token"));
    String tokenUri = fake.seen.stream().filter(s -> s.uri().startsWith("/token")).findFirst().orElseThrow().uri();
    assertEquals("/token?service=fake&scope=repository%3Ateam%2Fapp%3Apull", tokenUri);
  }

  @Test
  void manifest_identityToken_exchangedAsRefreshTokenByPost() throws Exception {
    // docker login to Azure ACR writes an identitytoken (and a placeholder auth of <token> with no password)
    String placeholder = Base64.getEncoder().encodeToString(bytes("00000000-0000-0000-0000-000000000000:"));
    Files.writeString(tmp.resolve("config.json"), "{\"auths\":{\"" + fake.host() + "\":{\"auth\":\"" + placeholder
        + "\",\"identitytoken\":\"refresh/+=secret\"}}}");
    TestImages.Image img = TestImages.randomImage(false);
    String challenge = "Bearer realm=\"http://" + fake.host() + "/oauth2/token\",service=\"fake\"";
    java.util.List<String> forms = new java.util.concurrent.CopyOnWriteArrayList<>();
    fake.on("/oauth2/token", (ex, n) -> {
      forms.add(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " "
          + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      return ex.getRequestHeaders().getFirst("Authorization") == null && ex.getRequestMethod().equals("POST")
          ? Answer.of(200, bytes("{\"access_token\":\"acc-1\",\"expires_in\":300}")) : Answer.of(401, new byte[0]);
    });
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> "Bearer acc-1".equals(ex.getRequestHeaders()
        .getFirst("Authorization")) ? Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST)
        : Answer.of(401, new byte[0], "WWW-Authenticate", challenge));

    assertEquals(img.digest(), client.manifest(repo, "v1").orElseThrow().digest());
    assertEquals(java.util.List.of("POST application/x-www-form-urlencoded service=fake&scope=repository%3Ateam%2Fapp"
        + "%3Apull&grant_type=refresh_token&client_id=verdict&refresh_token=refresh%2F%2B%3Dsecret"), forms);
  }

  @Test
  void manifest_identityTokenButBasicChallenge_authenticationFailedNamingWhy() throws Exception {
    Files.writeString(tmp.resolve("config.json"), "{\"auths\":{\"" + fake.host() + "\":{\"identitytoken\":\"t\"}}}");
    fake.on("/v2/team/app/manifests/v1", Answer.of(401, new byte[0], "WWW-Authenticate", "Basic realm=\"r\""));
    UndecidableException e = assertThrows(UndecidableException.class, () -> client.manifest(repo, "v1"));
    assertTrue(e.getMessage().contains("its login is an identity token"), e.getMessage());
  }

  @Test
  void manifest_tokenRefused_authenticationFailed() {
    String challenge = "Bearer realm=\"http://" + fake.host() + "/token\",service=\"fake\"";
    fake.on("/token", Answer.of(401, new byte[0]));
    fake.on("/v2/team/app/manifests/v1", Answer.of(401, new byte[0], "WWW-Authenticate", challenge));
    UndecidableException e = assertThrows(UndecidableException.class, () -> client.manifest(repo, "v1"));
    assertEquals(fake.host() + "/team/app: authentication failed for " + fake.host(), e.getMessage());
  }

  @Test
  void blob_redirectToOtherHost_dropsCredentials() throws Exception {
    byte[] content = bytes("layer-bytes");
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(content), content.length);
    Files.writeString(tmp.resolve("config.json"), "{\"auths\":{\"" + fake.host() + "\":{\"auth\":\""
        + Base64.getEncoder().encodeToString(bytes("u:p")) + "\"}}}");
    try (FakeRegistry storage = new FakeRegistry()) {
      storage.on("/bucket/blob", Answer.of(200, content));
      fake.on("/v2/team/app/blobs/" + d.digest(), (ex, n) -> ex.getRequestHeaders().getFirst("Authorization") == null
          ? Answer.of(401, new byte[0], "WWW-Authenticate", "Basic realm=\"r\"")
          : Answer.of(307, new byte[0], "Location", "http://localhost:" + storage.port() + "/bucket/blob"));
      assertArrayEquals(content, client.blob(repo, d));
      assertEquals(1, storage.seen.size());
      assertNull(storage.seen.get(0).authorization());
    }
  }

  @Test
  void referrers_apiPresent_usedAndFilteredByArtifactType() throws Exception {
    Digest subject = Digest.sha256(bytes("subject"));
    Descriptor sig = TestImages.withArtifactType(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(bytes("a")), 1),
        MediaTypes.SIGSTORE_BUNDLE_V03);
    Descriptor sbom = TestImages.withArtifactType(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(bytes("b")), 1),
        "application/spdx+json");
    // This registry ignores the filter: the client must still apply it.
    fake.on("/v2/team/app/referrers/" + subject, Answer.of(200,
        TestImages.indexBytes(MediaTypes.OCI_INDEX, List.of(sig, sbom)), "Content-Type", MediaTypes.OCI_INDEX));
    assertEquals(List.of(sig, sbom), client.referrers(repo, subject, null));
    assertEquals(List.of(sbom), client.referrers(repo, subject, "application/spdx+json"));
    assertEquals(0, fake.calls("/v2/team/app/manifests/" + subject.tagPrefix()));
  }

  @Test
  void referrers_moreThanTheMaximumOfPages_refusedNotTruncated() throws Exception {
    Digest subject = Digest.sha256(bytes("subject"));
    Descriptor one = TestImages.withArtifactType(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(bytes("a")), 1),
        MediaTypes.SIGSTORE_BUNDLE_V02);
    fake.on("/v2/team/app/referrers/" + subject, Answer.of(200,
        TestImages.indexBytes(MediaTypes.OCI_INDEX, List.of(one)), "Content-Type", MediaTypes.OCI_INDEX,
        "Link", "</v2/team/app/referrers/" + subject + "?last=x>; rel=\"next\""));
    EvidenceLimitException e = assertThrows(EvidenceLimitException.class,
        () -> client.referrers(repo, subject, null));
    assertTrue(e.getMessage().endsWith("referrers of " + subject + " span more than 16 pages; refusing to decide on "
        + "part of them"), e.getMessage());
    assertEquals(16, fake.calls("/v2/team/app/referrers/" + subject));
  }

  @Test
  void referrers_apiMissingAndNoFallbackTag_empty() throws Exception {
    Digest subject = Digest.sha256(bytes("subject"));
    assertEquals(List.of(), client.referrers(repo, subject, null));
    assertEquals(1, fake.calls("/v2/team/app/manifests/" + subject.tagPrefix()));
  }

  @Test
  void transport_nonLoopbackHost_usesHttpsUnlessAllowed() {
    Transport strict = new Transport(RegistryOptions.defaults());
    assertEquals("https://ghcr.io", strict.base("ghcr.io").toString());
    assertEquals("https://registry-1.docker.io", strict.base("docker.io").toString());
    assertEquals("http://127.0.0.1:5000", strict.base("127.0.0.1:5000").toString());
    assertEquals("http://localhost:5000", strict.base("localhost:5000").toString());
    assertEquals("http://[::1]:5000", strict.base("[::1]:5000").toString());
    assertEquals("https://127.example.com", strict.base("127.example.com").toString());
    Transport lax = new Transport(new RegistryOptions(Set.of("Reg.Corp:5000"), null, null, Duration.ofSeconds(1), 0));
    assertEquals("http://reg.corp:5000", lax.base("reg.corp:5000").toString());
    assertEquals("https://reg.corp", lax.base("reg.corp").toString());
  }

  // the RegistryListener: every request sent (each retry, redirect hop and token request), named by the registry
  // of the image reference, never by a host the registry chose

  @Test
  void manifest_retriedAfter429And503_everyAttemptHeard() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> n == 1 ? Answer.of(429, bytes("slow"), "Retry-After", "0")
        : n == 2 ? Answer.of(503, bytes("down"), "Retry-After", "0")
        : Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST));
    client.manifest(repo, "v1");
    assertEquals(List.of(fake.host() + " 429", fake.host() + " 503", fake.host() + " 200"), heard);
  }

  @Test
  void manifest_tokenServiceOnAnotherHost_heardUnderTheImagesRegistry() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    try (FakeRegistry auth = new FakeRegistry()) {
      auth.on("/token", Answer.of(200, bytes("{\"token\":\"tok\",\"expires_in\":300}")));
      fake.on("/v2/team/app/manifests/v1", (ex, n) -> "Bearer tok".equals(ex.getRequestHeaders()
          .getFirst("Authorization")) ? Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST)
          : Answer.of(401, new byte[0], "WWW-Authenticate", "Bearer realm=\"http://" + auth.host() + "/token\""));
      client.manifest(repo, "v1");
      assertEquals(1, auth.calls("/token"));
    }
    assertEquals(List.of(fake.host() + " 401", fake.host() + " 200", fake.host() + " 200"), heard);
  }

  @Test
  void blob_redirectedToStorageOnAnotherHost_eachHopHeardUnderTheImagesRegistry() throws Exception {
    byte[] content = bytes("layer-bytes");
    Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(content), content.length);
    try (FakeRegistry storage = new FakeRegistry()) {
      storage.on("/bucket/" + d.digest().hex(), Answer.of(200, content));
      fake.on("/v2/team/app/blobs/" + d.digest(), Answer.of(307, new byte[0], "Location",
          "http://localhost:" + storage.port() + "/bucket/" + d.digest().hex() + "?X-Signature=secret"));
      assertArrayEquals(content, client.blob(repo, d));
    }
    assertEquals(List.of(fake.host() + " 307", fake.host() + " 200"), heard);
  }

  @Test
  void manifest_nothingListening_heardAsNoResponse() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Reference gone = Reference.parse("127.0.0.1:" + port + "/team/app");
    assertThrows(UndecidableException.class, () -> client.manifest(gone, "v1"));
    assertEquals(List.of("127.0.0.1:" + port + " " + RegistryListener.NO_RESPONSE), heard);
  }

  @Test
  void manifest_listenerThrows_answerUnchanged() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    fake.on("/v2/team/app/manifests/v1", Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST));
    try (ImageSource throwing = ImageSources.registry(new RegistryOptions(Set.of(), null, tmp, Duration.ofSeconds(5),
        0, (registry, status) -> {
          throw new IllegalStateException("broken metric");
        }))) {
      assertEquals(img.digest(), throwing.manifest(repo, "v1").orElseThrow().digest());
    }
  }

  @Test
  void options_withoutListener_hearNothingAndKeepTheirListenerWhenChanged() {
    RegistryListener l = (registry, status) -> { };
    assertEquals(RegistryListener.NONE, RegistryOptions.defaults().listener());
    RegistryOptions o = RegistryOptions.defaults().withListener(l).withTimeout(Duration.ofSeconds(3))
        .withMaxRetries(1).withDockerConfigDir(tmp);
    assertEquals(l, o.listener());
  }
}
