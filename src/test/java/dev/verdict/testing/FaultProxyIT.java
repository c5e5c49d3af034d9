package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault-injecting proxy in front of the real test registry (CNCF Distribution). */
class FaultProxyIT {
  private static final String REPO = "team/app";
  private static RegistryServer registry;
  private static FaultProxy proxy;
  private static TestImages.Image v1;
  private static TestImages.Image v2;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    registry = RegistryServer.start();
    OciPusher push = new OciPusher(registry.host());
    v1 = TestImages.randomImage(false);
    v2 = TestImages.randomImage(false);
    push.push(REPO, v1, "v1");
    push.push(REPO, v2, "v2");
    proxy = FaultProxy.start(registry.url());
  }

  @AfterAll
  static void stop() {
    proxy.close();
    registry.close();
  }

  @BeforeEach
  void reset() {
    proxy.clearFaults();
    proxy.resetCounts();
  }

  private HttpResponse<byte[]> manifest(String method, String ref, Duration timeout) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/" + REPO + "/manifests/" + ref))
        .header("Accept", v1.mediaType()).timeout(timeout).method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String digestHeader(HttpResponse<?> r) {
    return r.headers().firstValue("Docker-Content-Digest").orElse(null);
  }

  @Test
  void forward_manifestByTag_sameBytesAndDigestAsTheRegistry() throws Exception {
    HttpResponse<byte[]> r = manifest("GET", "v1", Duration.ofSeconds(5));
    assertEquals(200, r.statusCode());
    assertArrayEquals(v1.bytes(), r.body());
    assertEquals(v1.digest().toString(), digestHeader(r));
    HttpResponse<byte[]> head = manifest("HEAD", "v1", Duration.ofSeconds(5));
    assertEquals(v1.digest().toString(), digestHeader(head));
    assertEquals(Long.toString(v1.bytes().length), head.headers().firstValue("Content-Length").orElse(null));
    assertEquals(2, proxy.count("/v2/" + REPO + "/manifests/v1"));
  }

  @Test
  void moveTag_manifestRequestsForTheTag_answeredWithTheOtherDigest() throws Exception {
    proxy.moveTag(REPO, "v1", v2.digest());
    HttpResponse<byte[]> r = manifest("GET", "v1", Duration.ofSeconds(5));
    assertArrayEquals(v2.bytes(), r.body());
    assertEquals(v2.digest().toString(), digestHeader(r));
    assertEquals(v2.digest().toString(), digestHeader(manifest("HEAD", "v1", Duration.ofSeconds(5))));
    // by digest the old image is still there, unchanged
    assertArrayEquals(v1.bytes(), manifest("GET", v1.digest().toString(), Duration.ofSeconds(5)).body());
    assertEquals(Digest.sha256(r.body()), v2.digest());
  }

  @Test
  void fail_503WithRetryAfterTwice_thenForwards() throws Exception {
    proxy.fail(FaultProxy.manifests(), 503, Duration.ofSeconds(2), 2);
    HttpResponse<byte[]> first = manifest("GET", "v1", Duration.ofSeconds(5));
    assertEquals(503, first.statusCode());
    assertEquals("2", first.headers().firstValue("Retry-After").orElse(null));
    assertEquals(503, manifest("GET", "v1", Duration.ofSeconds(5)).statusCode());
    assertEquals(200, manifest("GET", "v1", Duration.ofSeconds(5)).statusCode());
    proxy.fail(r -> true, 429, null, -1);
    assertEquals(429, manifest("HEAD", "v1", Duration.ofSeconds(5)).statusCode());
    assertEquals(429, manifest("GET", "v1", Duration.ofSeconds(5)).statusCode());
  }

  @Test
  void delay_eachRequest_waitsBeforeForwarding() throws Exception {
    proxy.delay(Duration.ofMillis(300));
    long start = System.nanoTime();
    assertEquals(200, manifest("GET", "v1", Duration.ofSeconds(5)).statusCode());
    assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
  }

  @Test
  void blackHole_acceptsAndNeverAnswers() throws Exception {
    proxy.blackHole(FaultProxy.pathStartsWith("/v2/" + REPO + "/manifests/"));
    long start = System.nanoTime();
    assertThrows(HttpTimeoutException.class, () -> manifest("GET", "v1", Duration.ofMillis(500)));
    assertTrue((System.nanoTime() - start) / 1_000_000 >= 500);
    assertEquals(1, proxy.count("/v2/" + REPO + "/manifests/v1"), "the request arrived");
    assertEquals(1, proxy.held(), "still held after the client gave up");
    proxy.clearFaults();
    for (int i = 0; i < 100 && proxy.held() > 0; i++) {
      Thread.sleep(10);
    }
    assertEquals(0, proxy.held());
    // other paths were never held
    HttpResponse<String> base = http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, base.statusCode());
  }

  /** The proxy's own token service: 401 with a challenge, a token, then the request forwarded; each one recorded. */
  @Test
  void requireBearer_challengeTokenRequest_forwardedAndRecordedWithStatusAndConnection() throws Exception {
    try (FaultProxy own = FaultProxy.start(registry.url()).requireBearer(0)) {
      URI manifest = URI.create(own.url() + "/v2/" + REPO + "/manifests/v1");
      HttpResponse<byte[]> denied = http.send(HttpRequest.newBuilder(manifest).header("Accept", v1.mediaType())
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(401, denied.statusCode());
      assertTrue(denied.headers().firstValue("WWW-Authenticate").orElseThrow()
          .startsWith("Bearer realm=\"" + own.url() + "/token\""));
      HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(own.url() + "/token?scope=x"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("{\"token\":\"t1\"}", token.body());
      HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(manifest).header("Accept", v1.mediaType())
          .header("Authorization", "Bearer t1").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, ok.statusCode());
      assertArrayEquals(v1.bytes(), ok.body());
      assertEquals(1, own.tokensIssued());
      assertEquals(java.util.List.of(401, 200, 200), own.seen().stream().map(FaultProxy.Seen::status).toList());
      assertEquals("Bearer t1", own.seen().get(2).authorization());
      assertEquals(1, own.connections(), own.seen().toString());
      assertEquals(2, own.count("/v2/" + REPO + "/manifests/v1"));
    }
  }

  @Test
  void fail_withHeaders_sentWithTheStatusThenAnsweredNormally() throws Exception {
    proxy.fail(FaultProxy.manifests(), 429, 1, "Retry-After", "Wed, 21 Oct 2037 07:28:00 GMT", "X-Why", "test");
    HttpResponse<byte[]> limited = manifest("GET", "v1", Duration.ofSeconds(5));
    assertEquals(429, limited.statusCode());
    assertEquals("Wed, 21 Oct 2037 07:28:00 GMT", limited.headers().firstValue("Retry-After").orElseThrow());
    assertEquals("test", limited.headers().firstValue("X-Why").orElseThrow());
    assertEquals(200, manifest("GET", "v1", Duration.ofSeconds(5)).statusCode());
    assertEquals(java.util.List.of(429, 200), proxy.seen().stream().map(FaultProxy.Seen::status).toList());
  }
}
