package dev.verdict.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.verdict.ConfigException;
import dev.verdict.UndecidableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sigstore-java's TUF Updater driven by TufUpdate against a repository the test writes, over loopback HTTP. */
class TufUpdateTest {
  static final Path ROOT_A = Path.of("testdata/sigstore-bundles/derived-trust-roots/"
      + "PROD-trusted_root.sigstore-python-store.json");
  static final Path ROOT_B = Path.of("testdata/sigstore-bundles/gh-cli/pkg/cmd/attestation/test/data/"
      + "trusted_root.json");

  @TempDir
  Path tmp;
  TestTufRepo repo;
  TrustCache cache;
  HttpServer server;
  String url;

  @BeforeEach
  void setUp() throws Exception {
    repo = new TestTufRepo(tmp.resolve("repo"));
    repo.publishRoot(null);
    repo.targets.put(TrustCache.TARGET, Files.readAllBytes(ROOT_A));
    repo.publish();
    cache = TrustCache.at(tmp.resolve("cache"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      Path f = repo.dir.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
      byte[] body = f.startsWith(repo.dir) && Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
      ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void tearDown() {
    server.stop(0);
  }

  TufUpdate.Result update() throws Exception {
    return TufUpdate.run(cache, url, repo.rootJson(1));
  }

  byte[] cachedRoot() throws Exception {
    return cachedRoot(Instant.now());
  }

  byte[] cachedRoot(Instant now) throws Exception {
    TrustCache.Loaded l = cache.load(now);
    return Files.readAllBytes(Path.of(l.root().source()));
  }

  @Test
  void run_firstUpdateOverHttp_cachesTrustedRoot() throws Exception {
    TufUpdate.Result r = update();
    assertEquals(1, r.rootVersion());
    TrustCache.Loaded l = cache.load(Instant.now());
    assertEquals(url, l.mirror());
    assertTrue(l.expired().isEmpty());
    assertEquals(2, l.root().tlogs().size());
    assertArrayEquals(Files.readAllBytes(ROOT_A), cachedRoot());
  }

  @Test
  void run_directoryMirror_cachesTrustedRoot() throws Exception {
    server.stop(0);
    TufUpdate.run(cache, repo.dir.toString(), repo.rootJson(1));
    assertArrayEquals(Files.readAllBytes(ROOT_A), cachedRoot());
  }

  @Test
  void run_rootRotationAndNewTarget_followsBoth() throws Exception {
    update();
    repo.publishRoot(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    repo.keys.put("targets", KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    repo.publishRoot(null); // v3: rotated targets key, signed by the v2 root key only
    repo.targets.put(TrustCache.TARGET, Files.readAllBytes(ROOT_B));
    repo.publish();
    TufUpdate.Result r = TufUpdate.run(cache, null, null); // the cached repository and mirror
    assertEquals(3, r.rootVersion());
    assertArrayEquals(Files.readAllBytes(ROOT_B), cachedRoot());
  }

  @Test
  void run_rootSignedOnlyByNewKey_refusedAndCacheUnchanged() throws Exception {
    update();
    var stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    repo.keys.put("root", stranger); // v2 not signed by the trusted v1 root key
    repo.publishRoot(null);
    UndecidableException e = assertThrows(UndecidableException.class, this::update);
    assertTrue(e.getMessage().contains("SignatureVerificationException"), e.getMessage());
    assertArrayEquals(Files.readAllBytes(ROOT_A), cachedRoot());
  }

  @Test
  void run_tamperedTarget_refusedAndCacheUnchanged() throws Exception {
    update();
    repo.targets.put(TrustCache.TARGET, Files.readAllBytes(ROOT_B));
    repo.publish();
    byte[] tampered = Files.readAllBytes(ROOT_B);
    tampered[tampered.length / 2] ^= 1; // the mirror serves other bytes, of the signed length, under the signed name
    Files.write(repo.dir.resolve("targets").resolve(TestTufRepo.sha256(Files.readAllBytes(ROOT_B)) + "."
        + TrustCache.TARGET), tampered);
    UndecidableException e = assertThrows(UndecidableException.class, this::update);
    assertTrue(e.getMessage().contains("InvalidHashesException"), e.getMessage());
    assertArrayEquals(Files.readAllBytes(ROOT_A), cachedRoot());
  }

  @Test
  void run_expiredTimestamp_refusedAndNothingCached() throws Exception {
    repo.timestampExpires = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    repo.publish();
    UndecidableException e = assertThrows(UndecidableException.class, this::update);
    assertTrue(e.getMessage().contains("RoleExpiredException"), e.getMessage());
    ConfigException missing = assertThrows(ConfigException.class, () -> cache.load(Instant.now()));
    assertTrue(missing.getMessage().contains("run 'verdict trust update'"), missing.getMessage());
  }

  @Test
  void run_sameTimestampExpiredSinceLastUpdate_refusedAndCacheUnchanged() throws Exception {
    repo.timestampExpires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    repo.publish();
    update();
    // two days later, a frozen mirror: the same timestamp, now expired (sigstore-java 2.0.0 does not re-check an
    // unchanged one)
    Clock later = Clock.fixed(Instant.now().plus(2, ChronoUnit.DAYS), ZoneOffset.UTC);
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> TufUpdate.run(cache, url, repo.rootJson(1), later));
    assertTrue(e.getMessage().contains("the mirror serves expired metadata: TUF timestamp metadata expired"),
        e.getMessage());
    assertArrayEquals(Files.readAllBytes(ROOT_A), cachedRoot(repo.timestampExpires.minusSeconds(1)));
  }

  @Test
  void run_timestampRollback_refusedAndCacheUnchanged() throws Exception {
    byte[] oldTimestamp = Files.readAllBytes(repo.dir.resolve("timestamp.json"));
    repo.targets.put(TrustCache.TARGET, Files.readAllBytes(ROOT_B));
    repo.publish();
    update();
    Files.write(repo.dir.resolve("timestamp.json"), oldTimestamp); // the mirror replays timestamp v1
    UndecidableException e = assertThrows(UndecidableException.class, this::update);
    assertTrue(e.getMessage().contains("RollbackVersionException"), e.getMessage());
    assertArrayEquals(Files.readAllBytes(ROOT_B), cachedRoot());
  }

  @Test
  void run_mirrorDownWithWarmCache_failsAndKeepsCache() throws Exception {
    update();
    server.stop(0);
    UndecidableException e = assertThrows(UndecidableException.class, this::update);
    assertTrue(e.getMessage().contains("mirror unreachable"), e.getMessage());
    assertArrayEquals(Files.readAllBytes(ROOT_A), cachedRoot());
    try (var gens = Files.list(cache.dir().resolve("tuf"))) {
      assertEquals(1, gens.filter(p -> p.getFileName().toString().startsWith("gen-")).count());
    }
  }

  @Test
  void get_expiredCachedMetadata_warnsOrFailsWhenFreshRequired() throws Exception {
    update();
    Clock later = Clock.fixed(repo.expires.plus(3, ChronoUnit.DAYS), ZoneOffset.UTC);
    TrustRoots lenient = new TrustRoots(cache, later, false);
    assertEquals(2, lenient.get(TrustCache.TUF).tlogs().size());
    assertEquals(4, lenient.warnings().size());
    assertTrue(lenient.warnings().get(0).contains("TUF root metadata expired 3d ago"), lenient.warnings().get(0));
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> new TrustRoots(cache, later, true).get(TrustCache.TUF));
    assertTrue(e.getMessage().contains("fresh trust is required"), e.getMessage());
    assertThrows(UndecidableException.class, () -> new TrustRoots(cache, later, false).get(TrustCache.TUF_FRESH));
    assertTrue(new TrustRoots(cache, Clock.systemUTC(), true).warnings().isEmpty());
  }

  @Test
  void load_cachedTargetChanged_refused() throws Exception {
    update();
    Path target = Path.of(cache.load(Instant.now()).root().source());
    Files.write(target, Files.readAllBytes(ROOT_B));
    ConfigException e = assertThrows(ConfigException.class, () -> cache.load(Instant.now()));
    assertTrue(e.getMessage().contains("does not match its TUF targets metadata"), e.getMessage());
  }

  @Test
  void run_otherRepositoryRoot_startsAfresh() throws Exception {
    update();
    TestTufRepo other = new TestTufRepo(tmp.resolve("other"));
    other.publishRoot(null);
    other.targets.put(TrustCache.TARGET, Files.readAllBytes(ROOT_B));
    other.publish();
    TufUpdate.Result r = TufUpdate.run(cache, other.dir.toString(), other.rootJson(1));
    assertTrue(r.fresh());
    assertArrayEquals(Files.readAllBytes(ROOT_B), cachedRoot());
    assertFalse(cache.load(Instant.now()).mirror().startsWith("http"));
  }
}
