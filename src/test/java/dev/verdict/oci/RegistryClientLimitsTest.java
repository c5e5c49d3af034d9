package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.UndecidableException;
import dev.verdict.oci.FakeRegistry.Answer;
import dev.verdict.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a long-lived registry client promises beyond one request: one deadline per call (retries and waits
 * included), {@code Retry-After} honoured only inside it, bearer tokens kept for their {@code expires_in}, and a
 * per-host limit of concurrent requests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryClientLimitsTest {
  private FakeRegistry fake;
  private Reference repo;
  @TempDir Path tmp;

  @BeforeEach
  void setUp() throws Exception {
    fake = new FakeRegistry();
    repo = Reference.parse(fake.host() + "/team/app");
  }

  @AfterEach
  void tearDown() {
    fake.close();
  }

  private ImageSource client(Duration timeout, int retries) {
    return ImageSources.registry(new RegistryOptions(Set.of(), null, tmp, timeout, retries));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void manifest_503WithRetryAfterInsideDeadline_waitsAsAskedThenSucceeds() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> n == 1
        ? Answer.of(503, bytes("busy"), "Retry-After", "1")
        : Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST));
    long start = System.nanoTime();
    assertEquals(img.digest(), client(Duration.ofSeconds(5), 2).manifest(repo, "v1").orElseThrow().digest());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms >= 950, "waited only " + ms + " ms of the 1 s asked");
    assertEquals(2, fake.calls("/v2/team/app/manifests/v1"));
  }

  @Test
  void manifest_429WithHttpDateRetryAfter_honoured() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> n == 1
        ? Answer.of(429, bytes("slow down"), "Retry-After", at)
        : Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST));
    long start = System.nanoTime();
    assertEquals(img.digest(), client(Duration.ofSeconds(10), 2).manifest(repo, "v1").orElseThrow().digest());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 900);
  }

  @Test
  void manifest_retryAfterPastTheDeadline_undecidedAtOnceWithoutSleeping() {
    fake.on("/v2/team/app/manifests/v1", Answer.of(503, bytes("busy"), "Retry-After", "30"));
    long start = System.nanoTime();
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> client(Duration.ofSeconds(2), 3).manifest(repo, "v1"));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms < 1500, "slept " + ms + " ms although the wait could not end before the deadline");
    assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    assertEquals(1, fake.calls("/v2/team/app/manifests/v1"));
  }

  @Test
  void manifest_registryThatNeverAnswers_undecidedByTheCallDeadlineNotPerAttempt() {
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Answer.of(200, new byte[0]);
    });
    long start = System.nanoTime();
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> client(Duration.ofMillis(800), 3).manifest(repo, "v1"));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // four attempts of 800 ms each would take 3.2 s and more; the call as a whole has 800 ms
    assertTrue(ms < 2000, "took " + ms + " ms");
    assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
  }

  @Test
  void blob_registryDripsTheBody_undecidedByTheCallDeadline() throws Exception {
    byte[] content = new byte[64];
    Digest digest = Digest.sha256(content);
    fake.on("/v2/team/app/blobs/" + digest, (ex, n) -> {
      ex.sendResponseHeaders(200, content.length);
      try (var out = ex.getResponseBody()) {
        for (byte b : content) {
          out.write(b);
          out.flush();
          Thread.sleep(100); // each byte well within the read timeout
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.io.IOException e) {
        // the client gave up
      }
      return null;
    });
    long start = System.nanoTime();
    Descriptor d = new Descriptor("application/octet-stream", digest, content.length, null, null, null);
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> client(Duration.ofMillis(1500), 0).blob(repo, d));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(ms < 3000, "took " + ms + " ms for a 1.5 s deadline");
    assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
  }

  @Test
  void manifest_tokenWithShortExpiresIn_refetchedAfterItExpires() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    AtomicInteger issued = new AtomicInteger();
    String challenge = "Bearer realm=\"http://" + fake.host() + "/token\",service=\"fake\"";
    fake.on("/token", (ex, n) -> Answer.of(200, bytes("{\"token\":\"tok-" + issued.incrementAndGet()
        + "\",\"expires_in\":2}")));
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> ("Bearer tok-" + issued.get()).equals(ex.getRequestHeaders()
        .getFirst("Authorization")) ? Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST)
        : Answer.of(401, new byte[0], "WWW-Authenticate", challenge));
    ImageSource client = client(Duration.ofSeconds(5), 0);
    client.manifest(repo, "v1");
    client.manifest(repo, "v1");
    assertEquals(1, fake.calls("/token"), "a live token is reused");
    Thread.sleep(2100);
    client.manifest(repo, "v1");
    assertEquals(2, fake.calls("/token"), "an expired token is not sent");
    // the expired token was never offered: the request after expiry went out without it, got 401, then the new one
    long sentExpired = fake.seen.stream().filter(s -> "Bearer tok-1".equals(s.authorization())).count();
    assertEquals(2, sentExpired);
  }

  @Test
  void manifest_tokenWithoutExpiresIn_keptForTheSpecDefaultOf60s() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    String challenge = "Bearer realm=\"http://" + fake.host() + "/token\",service=\"fake\"";
    fake.on("/token", Answer.of(200, bytes("{\"token\":\"tok\"}")));
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> "Bearer tok".equals(ex.getRequestHeaders()
        .getFirst("Authorization")) ? Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST)
        : Answer.of(401, new byte[0], "WWW-Authenticate", challenge));
    ImageSource client = client(Duration.ofSeconds(5), 0);
    for (int i = 0; i < 5; i++) {
      client.manifest(repo, "v1");
    }
    assertEquals(1, fake.calls("/token"));
    assertEquals(6, fake.calls("/v2/team/app/manifests/v1"), "one 401, then five requests with the token");
  }

  @Test
  void authorize_manyRepositories_tokenCacheStaysBounded() throws Exception {
    fake.on("/token", Answer.of(200, bytes("{\"token\":\"tok\",\"expires_in\":300}")));
    RegistryAuth auth = new RegistryAuth(new Transport(new RegistryOptions(Set.of(), null, tmp, Duration.ofSeconds(5),
        0)), r -> java.util.Optional.empty(), 8);
    String challenge = "Bearer realm=\"http://" + fake.host() + "/token\",service=\"fake\"";
    for (int i = 0; i < 20; i++) {
      auth.authorize("r", fake.host(), "repository:team/app-" + i + ":pull", challenge);
      assertTrue(auth.cachedCount() <= 8, "cached: " + auth.cachedCount());
    }
    assertEquals("Bearer tok", auth.cached(fake.host(), "repository:team/app-19:pull"), "the newest token is kept");
  }

  @Test
  void manifest_manyThreadsAtOnce_atMostPerHostLimitInFlight() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    fake.on("/v2/team/app/manifests/v1", (ex, n) -> {
      int now = inFlight.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      return Answer.of(200, img.bytes(), "Content-Type", MediaTypes.OCI_MANIFEST);
    });
    ImageSource client = client(Duration.ofSeconds(20), 0);
    ExecutorService pool = Executors.newFixedThreadPool(Transport.PER_HOST * 3);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < Transport.PER_HOST * 3; i++) {
        all.add(pool.submit(() -> client.manifest(repo, "v1")));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(Transport.PER_HOST * 3, fake.calls("/v2/team/app/manifests/v1"));
    assertTrue(most.get() <= Transport.PER_HOST, "in flight at once: " + most.get());
    assertTrue(most.get() > 1, "requests were not concurrent at all");
  }
}
