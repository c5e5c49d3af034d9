package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.testing.ApiserverClient;
import dev.verdict.testing.FaultProxy;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.TestPki;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verdict_registry_requests_total} as {@link Webhook#start} wires it: scraped from {@code /metrics}, it moves by
 * exactly the requests that reach a real registry (counted by a proxy in front of it, which also plays its token
 * service) for one verification, token requests and retries included, labelled by the registry and the status and
 * never by a repository or digest.
 */
class RegistryMetricsIT {
  static final String SERVICE = "verdict.verdict-system.svc";
  static final Pattern LISTENING = Pattern.compile("https://127\\.0\\.0\\.1:(\\d+) .*http://127\\.0\\.0\\.1:(\\d+) ");
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  @TempDir
  static Path tmp;
  static RegistryServer registry;
  static FaultProxy proxy;
  static OciPusher push;
  static TestPki pki;
  static Path policyFile;
  static Webhook webhook;
  static int port;
  static URI metricsUrl;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final java.util.Map<String, Digest> DIGESTS = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    proxy = FaultProxy.start(registry.url()).requireBearer(300); // a 401 and a token request per repository
    push = new OciPusher(registry.host());
    Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(KEY));
    Path dir = Files.createDirectories(tmp.resolve("policies"));
    policyFile = dir.resolve("app.yaml");
    Files.writeString(policyFile, policy("app"));
    pki = new TestPki();
    Path[] tls = pki.serving(tmp.resolve("tls"), SERVICE, false, TestPki.KeyFormat.PKCS8, Duration.ofDays(1));
    List<String> log = new CopyOnWriteArrayList<>();
    webhook = Webhook.start(new Webhook.Settings(new DeciderLoader(List.of(dir), null, RegistryOptions.defaults()),
        null, tls[0], tls[1], new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), 8 << 20,
        null, Duration.ZERO, Duration.ofMinutes(15), Duration.ofSeconds(20), Duration.ofSeconds(30), 8, false, "test"),
        new PrintStream(new ByteArrayOutputStream()), log::add, w -> { });
    Matcher m = LISTENING.matcher(String.join("\n", log));
    assertTrue(m.find(), log.toString());
    port = Integer.parseInt(m.group(1));
    metricsUrl = URI.create("http://127.0.0.1:" + m.group(2) + "/metrics");
  }

  @AfterAll
  static void stop() {
    if (webhook != null) {
      webhook.drainAndStop();
    }
    proxy.close();
    registry.close();
  }

  static String policy(String name) {
    return "apiVersion: verdict.dev/v1\nkind: ImagePolicy\nmetadata: {name: " + name + "}\nspec:\n  images: [\""
        + proxy.host() + "/**\"]\n  authorities:\n    - name: release\n      key: {path: " + tmp.resolve("k.pub")
        + "}\n  signatures: {require: 1, from: [release]}\n";
  }

  /** A fresh image signed for its name behind the proxy, pushed as repo:1.0; returns proxy-host/repo:1.0. */
  static String signedImage(String repo) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    DIGESTS.put(repo, d);
    push.push(repo, ClassicSigner.manifest(List.of(Layer.signed(KEY,
        ClassicSigner.payload(proxy.host() + "/" + repo, d)))), d.tagPrefix() + ".sig");
    return proxy.host() + "/" + repo + ":1.0";
  }

  static String scrape() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(metricsUrl).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }

  /** The sum of {@code verdict_registry_requests_total} for the proxy's host and a code matching {@code code}. */
  static double registryRequests(String text, String code) {
    Matcher m = Pattern.compile("(?m)^verdict_registry_requests_total\\{code=\"(" + code + ")\",host=\""
        + Pattern.quote(proxy.host()) + "\"} (\\S+)$").matcher(text);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  /** The apiserver calling the validating webhook as deploy/ configures it. */
  static ApiserverClient client() {
    return new ApiserverClient(ApiserverClient.Config.of("verdict", "verdict-system", port, pki.caPem()));
  }

  static boolean allowed(String image) throws Exception {
    try (ApiserverClient apiserver = client()) {
      return apiserver.review("/validate", Reviews.create("", "Pod", Reviews.object("", "Pod", image)))
          .allowed();
    }
  }

  @Test
  void validate_oneVerification_counterMovesByTheRequestsTheRegistrySaw() throws Exception {
    String image = signedImage("metrics/app");
    String before = scrape();
    proxy.resetCounts();
    assertTrue(allowed(image));
    int seen = proxy.total();
    String after = scrape();
    // a 401, the token, then the tag, the signature manifest and its blob at least
    assertTrue(seen >= 5, proxy.log().toString());
    assertEquals(seen, registryRequests(after, ".*") - registryRequests(before, ".*"), after);
    for (int code : new int[] {200, 401, 404}) {
      long expected = proxy.seen().stream().filter(r -> r.status() == code).count();
      assertEquals(expected, registryRequests(after, code + "") - registryRequests(before, code + ""),
          code + ": " + proxy.seen());
    }
    assertEquals(1, proxy.count("/token"), proxy.log().toString());
    System.out.printf("RegistryMetricsIT: one verification, %d registry requests, all counted: %s%n", seen,
        proxy.seen().stream().map(r -> r.status() + " " + r.method() + " " + r.path()).toList());
    String digest = DIGESTS.get("metrics/app").hex();
    assertFalse(after.contains("metrics/app"), "a repository in a label");
    assertFalse(after.contains(digest), "a digest in a label");
  }

  @Test
  void validate_registryAnswers503Once_retryCountedWithItsCode() throws Exception {
    String image = signedImage("metrics/retried");
    String before = scrape();
    proxy.resetCounts();
    proxy.fail(FaultProxy.manifests(), 503, Duration.ZERO, 1);
    try {
      assertTrue(allowed(image));
    } finally {
      proxy.clearFaults();
    }
    int seen = proxy.total();
    String after = scrape();
    assertEquals(1.0, registryRequests(after, "503") - registryRequests(before, "503"), after);
    assertEquals(seen, registryRequests(after, ".*") - registryRequests(before, ".*"), proxy.log().toString());
  }

  /** A reloaded policy set opens a new engine: its registry client is counted too. */
  @Test
  void validate_afterPolicyReload_stillCounted() throws Exception {
    String before = scrape();
    Files.writeString(policyFile, policy("app-reloaded"));
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!scrape().contains("verdict_policy_reloads_total{result=\"success\"} 1.0")) {
      assertTrue(System.nanoTime() < until, "no reload: " + scrape());
      Thread.sleep(100);
    }
    String image = signedImage("metrics/reloaded");
    proxy.resetCounts();
    assertTrue(allowed(image));
    int seen = proxy.total();
    assertTrue(seen > 0);
    assertEquals(seen, registryRequests(scrape(), ".*") - registryRequests(before, ".*"), proxy.log().toString());
  }
}
