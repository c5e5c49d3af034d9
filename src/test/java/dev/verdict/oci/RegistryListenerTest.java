package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.UndecidableException;
import dev.verdict.oci.FakeRegistry.Answer;
import dev.verdict.testing.TestImages;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client tells its {@link RegistryListener} of every request it sends (each retry, each redirect hop,
 * each token request), each named by the registry of the image reference, never by a host the registry chose.
 */
class RegistryListenerTest {
  private final List<String> heard = new CopyOnWriteArrayList<>();
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
