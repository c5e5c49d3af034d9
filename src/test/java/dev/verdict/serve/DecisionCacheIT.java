package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.engine.EngineOptions;
import dev.verdict.engine.ImageTarget;
import dev.verdict.engine.TrustMaterial;
import dev.verdict.engine.Verifier;
import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicySet;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.serve.DecisionCache.How;
import dev.verdict.serve.DecisionCache.Key;
import dev.verdict.serve.DecisionCache.Lookup;
import dev.verdict.testing.FaultProxy;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision cache over the real engine, a real registry and the fault proxy: registry traffic, transient errors
 * and black holes as the webhook will meet them.
 */
class DecisionCacheIT {
  private static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  private static RegistryServer registry;
  private static FaultProxy proxy;
  private static OciPusher push;
  @TempDir
  static Path tmp;
  private static PolicySet policies;
  private Verifier verifier;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    proxy = FaultProxy.start(registry.url());
    push = new OciPusher(registry.host());
    Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(KEY));
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: key-signed}",
        "spec:",
        "  images: [\"" + proxy.host() + "/**\"]",
        "  authorities:",
        "    - {name: release, key: {path: k.pub}}",
        "  signatures: {require: 1, from: [release]}",
        ""));
    policies = PolicyLoader.load(List.of(policy));
  }

  @AfterAll
  static void stop() {
    proxy.close();
    registry.close();
  }

  @BeforeEach
  void open() throws Exception {
    proxy.clearFaults();
    proxy.resetCounts();
    RegistryOptions r = RegistryOptions.defaults();
    verifier = Verifier.open(new Verifier.Config(policies, TrustMaterial.load(policies, null),
        new EngineOptions(null, Clock.systemUTC()), new RegistryOptions(Set.of(), null, tmp.resolve("no-docker"),
            r.timeout(), r.maxRetries()), List.of()));
  }

  @AfterEach
  void close() {
    verifier.close();
  }

  /** A signed image pushed as {@code repo:1.0}, as the proxy names it. */
  private static Reference signedImage(String repo) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    push.push(repo, ClassicSigner.manifest(List.of(Layer.signed(KEY,
        ClassicSigner.payload(proxy.host() + "/" + repo, d)))), d.tagPrefix() + ".sig");
    return Reference.parse(proxy.host() + "/" + repo + "@" + d);
  }

  private Supplier<ImageResult> verify(Reference ref, Duration timeout) {
    return () -> verifier.decide(new ImageTarget(ref.toString(), ref, List.of()), timeout);
  }

  private Key key(Reference ref) {
    return Key.of(ref, verifier.fingerprint());
  }

  @Test
  void decide_200ConcurrentRequestsForOneNewDigest_registryTrafficOfOneVerification() throws Exception {
    // what one verification of this image costs, on a verifier of its own
    Reference alone = signedImage("coalesce/alone");
    assertEquals(Decision.ALLOW, verify(alone, Duration.ofSeconds(10)).get().decision());
    int one = proxy.total();
    verifier.close();
    open();

    Reference ref = signedImage("coalesce/app");
    DecisionCache cache = DecisionCache.create(DecisionCache.Settings.DEFAULTS);
    proxy.delay(Duration.ofMillis(50)); // keep the verification in flight while the callers arrive
    ExecutorService callers = Executors.newFixedThreadPool(200);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Lookup>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        answers.add(callers.submit(() -> {
          go.await();
          return cache.decide(key(ref), Instant.now().plusSeconds(10), verify(ref, Duration.ofSeconds(10)));
        }));
      }
      go.countDown();
      Map<How, Integer> hows = new EnumMap<>(How.class);
      for (Future<Lookup> f : answers) {
        Lookup l = f.get(30, TimeUnit.SECONDS);
        assertEquals(Decision.ALLOW, l.result().decision(), l.result().checks().toString());
        hows.merge(l.how(), 1, Integer::sum);
      }
      assertEquals(1, hows.get(How.MISS), hows.toString());
      assertEquals(one, proxy.total(), "registry requests " + proxy.log());
      System.out.println("200 concurrent callers: " + proxy.total() + " registry requests (one verification: " + one
          + ")");
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void decide_tagMovedBetweenMutateAndValidate_thePinnedDigestIsWhatIsVerified() throws Exception {
    Reference signed = signedImage("moved/app");
    Digest unsigned = push.push("moved/app", TestImages.randomImage(false), "evil");
    Reference tagged = Reference.parse(proxy.host() + "/moved/app:1.0");
    TagCache tags = new TagCache(TagCache.DEFAULT_TTL);
    DecisionCache cache = DecisionCache.create(DecisionCache.Settings.DEFAULTS);
    // /mutate: resolves the tag once and pins it
    Digest pinned = tags.resolve(tagged, r -> verifier.resolve(r).digest());
    assertEquals(signed.digest(), pinned);
    // the attacker moves the tag to an unsigned image before /validate
    proxy.moveTag("moved/app", "1.0", unsigned);
    assertEquals(unsigned, verifier.resolve(tagged).digest(), "the registry now names the other image");
    // /validate sees the object as /mutate patched it: repo:1.0@<pinned>
    Reference fromObject = tagged.withDigest(pinned);
    assertEquals(pinned, tags.resolve(fromObject, r -> {
      throw new AssertionError("a pinned reference is never resolved again");
    }));
    Lookup l = cache.decide(Key.of(fromObject, verifier.fingerprint()), Instant.now().plusSeconds(10),
        verify(fromObject, Duration.ofSeconds(10)));
    assertEquals(Decision.ALLOW, l.result().decision(), l.result().checks().toString());
    assertEquals(pinned.toString(), l.result().digest());
    // the tag as it is now, resolved by verdict, is another key and verifies the unsigned image: a deny
    Lookup now = cache.decide(Key.resolved(tagged, unsigned, verifier.fingerprint()), Instant.now().plusSeconds(10),
        verify(tagged, Duration.ofSeconds(10)));
    assertEquals(How.MISS, now.how());
    assertEquals(Decision.DENY, now.result().decision(), now.result().checks().toString());
  }

  @Test
  void decide_transient503_neverCachedAndTheRetryVerifies() throws Exception {
    Reference ref = signedImage("transient/app");
    DecisionCache cache = DecisionCache.create(DecisionCache.Settings.DEFAULTS);
    proxy.fail(FaultProxy.manifests(), 503, Duration.ofSeconds(1), -1);
    Lookup first = cache.decide(key(ref), Instant.now().plusSeconds(10), verify(ref, Duration.ofSeconds(3)));
    assertEquals(Decision.ERROR, first.result().decision(), first.result().checks().toString());
    assertEquals(0, cache.entries());
    proxy.clearFaults();
    Lookup retry = cache.decide(key(ref), Instant.now().plusSeconds(10), verify(ref, Duration.ofSeconds(10)));
    assertEquals(How.MISS, retry.how());
    assertEquals(Decision.ALLOW, retry.result().decision(), retry.result().checks().toString());
    assertEquals(How.HIT,
        cache.decide(key(ref), Instant.now().plusSeconds(10), verify(ref, Duration.ofSeconds(10))).how());
  }

  @Test
  void decide_blackHoledRegistry_undecidedBeforeTheDeadlineNeverAfter() throws Exception {
    Reference ref = signedImage("blackhole/app");
    DecisionCache cache = DecisionCache.create(DecisionCache.Settings.DEFAULTS);
    proxy.blackHole();
    ExecutorService callers = Executors.newFixedThreadPool(20);
    try {
      List<Future<long[]>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(callers.submit(() -> {
          Instant deadline = Instant.now().plusMillis(900);
          Lookup l = cache.decide(key(ref), deadline, verify(ref, Duration.ofSeconds(30)));
          long lateMs = Duration.between(deadline, Instant.now()).toMillis();
          return new long[] {l.result().decision() == Decision.ERROR ? 1 : 0, lateMs,
              l.how() == How.DEADLINE ? 1 : 0};
        }));
      }
      long latest = Long.MIN_VALUE;
      for (Future<long[]> f : answers) {
        long[] a = f.get(10, TimeUnit.SECONDS);
        latest = Math.max(latest, a[1]);
        assertEquals(1, a[0], "undecided, never an allow");
        assertEquals(1, a[2], "answered by the deadline rule");
        // the internal deadline sits at least 1 s before the apiserver's; 300 ms covers a loaded 2-core machine
        assertTrue(a[1] < 300, "answered " + a[1] + " ms after the deadline");
      }
      System.out.println("black hole: latest answer " + latest + " ms after its deadline");
      assertEquals(1, cache.inFlight(), "one verification for all of them, still waiting in the background");
    } finally {
      callers.shutdownNow();
      proxy.clearFaults();
    }
  }
}
