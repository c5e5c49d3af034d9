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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server wired as {@code verdict serve} wires it (decision cache, tag cache, metrics, audit log, policy reload),
 * deciding images of a real registry behind a fault-injecting proxy.
 */
class ServedCacheIT {
  static final String SERVICE = "verdict.verdict-system.svc";
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static final KeyPair OTHER = ClassicSigner.ecKey("secp256r1");
  @TempDir
  static Path tmp;
  static RegistryServer registry;
  static FaultProxy proxy;
  static OciPusher push;
  static TestPki pki;
  static Path policyFile;
  static PolicyReloader policies;
  static Metrics metrics;
  static final ByteArrayOutputStream AUDIT = new ByteArrayOutputStream();
  static final AuditLog AUDIT_LOG = new AuditLog(AUDIT);
  static ExecutorService work;
  static AdmissionServer server;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    proxy = FaultProxy.start(registry.url());
    push = new OciPusher(registry.host());
    Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(KEY));
    Files.writeString(tmp.resolve("other.pub"), ClassicSigner.pem(OTHER));
    Path dir = Files.createDirectories(tmp.resolve("policies"));
    policyFile = dir.resolve("app.yaml");
    Files.writeString(policyFile, policy("k.pub"));
    DeciderLoader loader = new DeciderLoader(List.of(dir), null, RegistryOptions.defaults());
    DecisionCache cache = DecisionCache.create(DecisionCache.Settings.DEFAULTS);
    TagCache tags = new TagCache(Duration.ofSeconds(30));
    metrics = new Metrics("test", cache::entries);
    policies = new PolicyReloader(loader, loader.load(), d -> new CachingDecider(d, cache, tags, metrics), metrics,
        line -> { });
    policies.watch(List.of());
    pki = new TestPki();
    Path[] tls = pki.serving(tmp.resolve("tls"), SERVICE, false, TestPki.KeyFormat.PKCS8, Duration.ofDays(1));
    work = Executors.newFixedThreadPool(64);
    server = new AdmissionServer(new Admission(policies::current, work, false), ServerTls.load(tls[0], tls[1]),
        new AdmissionServer.Options(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
            8 << 20, null, 64, metrics.contentType()),
        new ServeObserver(metrics, AUDIT_LOG), metrics::scrape, () -> true);
    server.start();
    server.markReady();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    work.shutdownNow();
    policies.close();
    proxy.close();
    registry.close();
  }

  static String policy(String key) {
    return "apiVersion: verdict.dev/v1\nkind: ImagePolicy\nmetadata: {name: app}\nspec:\n  images: [\""
        + proxy.host() + "/**\"]\n  authorities:\n    - name: release\n      key: {path: " + tmp.resolve(key)
        + "}\n  signatures: {require: 1, from: [release]}\n";
  }

  /** A fresh image signed for its name behind the proxy; returns proxy-host/repo@digest. */
  static String signedImage(String repo) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    push.push(repo, ClassicSigner.manifest(List.of(Layer.signed(KEY,
        ClassicSigner.payload(proxy.host() + "/" + repo, d)))), d.tagPrefix() + ".sig");
    return proxy.host() + "/" + repo + "@" + d;
  }

  /** The apiserver calling the validating webhook as deploy/ configures it. */
  static ApiserverClient client() {
    return new ApiserverClient(ApiserverClient.Config.of("verdict", "verdict-system", server.port(), pki.caPem()));
  }

  static String pod(String image) {
    return Reviews.create("", "Pod", Reviews.object("", "Pod", image));
  }

  @Test
  void validate_200ConcurrentRequestsForOneNewDigest_registryTrafficOfOneVerification() throws Exception {
    String control = signedImage("coalesce/control");
    proxy.resetCounts();
    try (ApiserverClient one = client()) {
      assertTrue(one.review("/validate", pod(control)).allowed());
    }
    int oneVerification = proxy.total();
    assertTrue(oneVerification > 0);

    String image = signedImage("coalesce/app");
    int callers = 50;
    int perCaller = 4;
    List<ApiserverClient> clients = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      clients.add(client());
    }
    proxy.resetCounts();
    proxy.delay(Duration.ofMillis(300)); // every request is in flight before the first verification ends
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> allowed = new ArrayList<>();
    try {
      for (ApiserverClient c : clients) {
        allowed.add(pool.submit(() -> {
          go.await();
          int n = 0;
          for (int i = 0; i < perCaller; i++) {
            n += c.review("/validate", pod(image)).allowed() ? 1 : 0;
          }
          return n;
        }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> f : allowed) {
        total += f.get();
      }
      assertEquals(callers * perCaller, total);
      assertEquals(oneVerification, proxy.total(), proxy.log().toString());
    } finally {
      proxy.clearFaults();
      pool.shutdownNow();
      for (ApiserverClient c : clients) {
        c.close();
      }
    }
    assertTrue(metrics.scrape().contains("verdict_decision_cache_requests_total{result=\"coalesced\"}"));
  }

  @Test
  void validate_transient503_neverCached() throws Exception {
    String image = signedImage("transient/app");
    try (ApiserverClient c = client()) {
      proxy.fail(FaultProxy.manifests(), 503, null, -1);
      ApiserverClient.Outcome down = c.review("/validate", pod(image));
      assertFalse(down.allowed(), down.body());
      assertEquals(500, down.code(), down.body());
      proxy.clearFaults();
      ApiserverClient.Outcome up = c.review("/validate", pod(image));
      assertTrue(up.allowed(), up.body());
    }
  }

  @Test
  void validate_cachedDecision_noRegistryCallAndThisRequestsPathInTheMessage() throws Exception {
    String image = signedImage("cached/app");
    try (ApiserverClient c = client()) {
      assertTrue(c.review("/validate", pod(image)).allowed());
      proxy.resetCounts();
      String deployment = Reviews.create("apps", "Deployment", Reviews.object("apps", "Deployment", image));
      ApiserverClient.Outcome again = c.review("/validate", deployment);
      assertTrue(again.allowed(), again.body());
      assertEquals(0, proxy.total(), proxy.log().toString());
    }
    AUDIT_LOG.flush();
    String audit = AUDIT.toString(StandardCharsets.UTF_8);
    assertTrue(audit.contains("\"path\":\"spec.template.spec.containers[0].image\"") && audit.contains(
        "\"cache\":\"hit\""), audit);
  }

  @Test
  void reload_underLoad_effectiveWithin2sWithoutAFailedRequest() throws Exception {
    String image = signedImage("reload/app");
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> deniedAt = new ConcurrentLinkedQueue<>();
    ExecutorService load = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4; i++) {
      load.submit(() -> {
        try (ApiserverClient c = client()) {
          while (!stop.get()) {
            if (!c.review("/validate", pod(image)).allowed()) {
              deniedAt.add(System.nanoTime());
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
        return null;
      });
    }
    try {
      Thread.sleep(500);
      assertTrue(deniedAt.isEmpty());
      long changed = System.nanoTime();
      Files.writeString(policyFile, policy("other.pub")); // the image's key is no longer trusted
      long until = changed + Duration.ofSeconds(5).toNanos();
      while (deniedAt.isEmpty() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertFalse(deniedAt.isEmpty(), "the reload never took effect");
      long ms = (deniedAt.peek() - changed) / 1_000_000;
      assertTrue(ms <= 2000, "reload took " + ms + " ms");
      // a broken policy is refused and the last good set keeps deciding
      Files.writeString(policyFile, "apiVersion: verdict.dev/v1\nkind: ImagePolicy\nspec: [broken\n");
      Thread.sleep(2000);
      assertTrue(metrics.scrape().contains("verdict_policy_last_reload_success 0"), metrics.scrape());
    } finally {
      stop.set(true);
      load.shutdown();
      load.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS);
      Files.writeString(policyFile, policy("k.pub"));
    }
    assertTrue(failures.isEmpty(), failures.toString());
  }
}
