package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.attestation.Envelopes;
import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.oci.Reference;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicySet;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.testing.FaultProxy;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade as a long-lived front end uses it, against a real CNCF Distribution registry behind a proxy that counts
 * requests and connections, issues bearer tokens and injects faults: one {@link Verifier} opened once decides
 * several images across many calls, reusing its registry client, tokens and connections; its fingerprint follows
 * the policy and key bytes; {@code notAfter} comes from an exception's expiry and an SBOM's {@code maxAge}; and a
 * 503, a timeout and an unsigned image split into undecided and definitive results.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VerifierRegistryIT {
  static final String CDX = "https://cyclonedx.org/bom";
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static RegistryServer registry;
  static FaultProxy proxy;
  static OciPusher push;
  static Instant sbomCreated = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    proxy = FaultProxy.start(registry.url());
    push = new OciPusher(registry.host()); // pushed directly; verified through the proxy's host name
    Files.writeString(tmp.resolve("release.pub"), ClassicSigner.pem(KEY));
    for (String repo : List.of("app/a", "app/b", "app/c", "app/d", "sbom/app")) {
      signed(repo);
    }
    push.push("app/unsigned", TestImages.randomImage(false), "1.0");
    push.push("legacy/app", TestImages.randomImage(false), "1.0");
    Digest sbomImage = push.push("sbom/app", TestImages.randomImage(false), "2.0");
    sign("sbom/app", sbomImage);
    String sbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"metadata\":{\"timestamp\":\""
        + sbomCreated + "\"},\"components\":[]}";
    push.push("sbom/app", ClassicSigner.manifest(List.of(new ClassicSigner.Layer(Envelopes.signed(KEY,
        "application/vnd.in-toto+json", Envelopes.statement(CDX, sbom, sbomImage.toString())),
        Map.of("predicateType", CDX))), List.of(MediaTypes.DSSE_ENVELOPE)), sbomImage.tagPrefix() + ".att");
    policy("app.yaml", "app", "");
    policy("legacy.yaml", "legacy", String.join("\n",
        "  exceptions:",
        "    - images: [\"" + proxy.host() + "/legacy/**\"]",
        "      reason: OPS-12",
        "      expires: 2999-01-01", ""));
    policy("sbom.yaml", "sbom", String.join("\n",
        "  attestations:",
        "    - {name: sbom, predicateType: " + CDX + ", from: [release], sbom: {maxAge: 30d}}", ""));
  }

  static Digest signed(String repo) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    sign(repo, d);
    return d;
  }

  static void sign(String repo, Digest d) throws Exception {
    push.push(repo, ClassicSigner.manifest(List.of(ClassicSigner.Layer.signed(KEY,
        ClassicSigner.payload(proxy.host() + "/" + repo, d)))), d.tagPrefix() + ".sig");
  }

  static void policy(String file, String prefix, String extra) throws Exception {
    Files.writeString(tmp.resolve(file), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: " + prefix + "}",
        "spec:",
        "  images: [\"" + proxy.host() + "/" + prefix + "/**\"]",
        "  authorities:",
        "    - {name: release, key: {path: release.pub}}",
        "  signatures: {require: 1, from: [release]}",
        "") + extra);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    registry.close();
  }

  @BeforeEach
  void clean() {
    proxy.clearFaults();
    proxy.resetCounts();
  }

  static Verifier open(Duration registryTimeout, int retries) throws Exception {
    PolicySet set = PolicyLoader.load(List.of(tmp.resolve("app.yaml"), tmp.resolve("legacy.yaml"),
        tmp.resolve("sbom.yaml")));
    return Verifier.open(new Verifier.Config(set, TrustMaterial.load(set, null), EngineOptions.defaults(),
        new RegistryOptions(Set.of(), null, tmp, registryTimeout, retries), List.of()));
  }

  static ImageTarget target(String repoAndTag) {
    String ref = proxy.host() + "/" + repoAndTag;
    return new ImageTarget(ref, Reference.parse(ref), List.of());
  }

  @Test
  void oneVerifier_manyCalls_reusesClientTokensAndConnections() throws Exception {
    proxy.requireBearer(300);
    List<String> images = List.of("app/a:1.0", "app/b:1.0", "app/c:1.0", "app/d:1.0");
    List<ImageResult> all = new ArrayList<>();
    try (Verifier v = open(Duration.ofSeconds(10), 1)) {
      for (int round = 0; round < 3; round++) {
        for (String image : images) {
          all.add(v.decide(target(image), Duration.ofSeconds(30)));
        }
      }
      all.addAll(v.decideAll(images.stream().map(VerifierRegistryIT::target).toList(), 4, Duration.ofSeconds(30),
          r -> { }));
    }
    assertEquals(16, all.size());
    all.forEach(r -> assertEquals(Decision.ALLOW, r.decision(), r.checks().toString()));
    // tokens are per repository scope: one per repository for 16 decisions, and one 401 each
    assertEquals(4, proxy.tokensIssued(), proxy.seen().toString());
    assertEquals(4, proxy.seen().stream().filter(s -> s.status() == 401).count());
    long requests = proxy.count(p -> p.startsWith("/v2/"));
    long connections = proxy.connections();
    System.out.printf("VerifierRegistryIT: 16 decisions, %d registry requests over %d connections, %d tokens%n",
        requests, connections, proxy.tokensIssued());
    assertTrue(connections <= 5, connections + " connections for " + requests + " requests");
    assertTrue(requests >= 30, "requests: " + requests);
    // content fetched by digest is read once per open verifier: later rounds re-resolve tags only
    long signatureManifests = proxy.count(p -> p.contains("/manifests/sha256-") && p.endsWith(".sig"));
    assertEquals(16, signatureManifests, "the .sig tag moves, so it is asked each time");
    long blobs = proxy.count(p -> p.contains("/blobs/"));
    assertEquals(4, blobs, "each signature payload blob is fetched once and then served from the cache");
  }

  @Test
  void fingerprint_followsPolicyAndKeyFileBytes() throws Exception {
    String first;
    try (Verifier v = open(Duration.ofSeconds(10), 1)) {
      first = v.fingerprint();
    }
    try (Verifier v = open(Duration.ofSeconds(10), 1)) {
      assertEquals(first, v.fingerprint(), "the same policies and keys open to the same fingerprint");
    }
    Path policy = tmp.resolve("app.yaml");
    String text = Files.readString(policy);
    Path key = tmp.resolve("release.pub");
    String pem = Files.readString(key);
    try {
      Files.writeString(policy, "# reformatted, same meaning\n" + text.replace("{require: 1, from: [release]}",
          "\n    require: 1\n    from: [release]"));
      try (Verifier v = open(Duration.ofSeconds(10), 1)) {
        assertEquals(first, v.fingerprint(), "comments and layout are not meaning");
      }
      Files.writeString(policy, text.replace("/app/**", "/app/a*"));
      try (Verifier v = open(Duration.ofSeconds(10), 1)) {
        assertNotEquals(first, v.fingerprint(), "a changed policy");
      }
      Files.writeString(policy, text);
      Files.writeString(key, pem + "\n");
      try (Verifier v = open(Duration.ofSeconds(10), 1)) {
        assertNotEquals(first, v.fingerprint(), "a key file whose bytes changed");
      }
    } finally {
      Files.writeString(policy, text);
      Files.writeString(key, pem);
    }
  }

  @Test
  void notAfter_fromExceptionExpiryAndSbomMaxAge() throws Exception {
    try (Verifier v = open(Duration.ofSeconds(10), 1)) {
      ImageResult legacy = v.decide(target("legacy/app:1.0"), Duration.ofSeconds(30));
      assertEquals(Decision.WARN, legacy.decision(), legacy.checks().toString());
      assertTrue(legacy.definitive());
      assertEquals(Instant.parse("2999-01-02T00:00:00Z"), legacy.notAfter());

      ImageResult sbom = v.decide(target("sbom/app:2.0"), Duration.ofSeconds(30));
      assertEquals(Decision.ALLOW, sbom.decision(), sbom.checks().toString());
      assertEquals(sbomCreated.plus(Duration.ofDays(30)), sbom.notAfter());

      ImageResult plain = v.decide(target("app/a:1.0"), Duration.ofSeconds(30));
      assertEquals(Decision.ALLOW, plain.decision());
      assertNull(plain.notAfter(), "a key signature bounds nothing");
    }
  }

  @Test
  void definitiveOrUndecided_503TimeoutAndUnsigned() throws Exception {
    try (Verifier v = open(Duration.ofSeconds(1), 1)) {
      ImageResult unsigned = v.decide(target("app/unsigned:1.0"), Duration.ofSeconds(30));
      assertEquals(Decision.DENY, unsigned.decision(), unsigned.checks().toString());
      assertTrue(unsigned.definitive(), "no signature on a healthy registry is a definitive deny");

      // a 503 on the signature tag is not "unsigned"
      proxy.fail(r -> r.path().endsWith(".sig"), 503, Duration.ofSeconds(30), -1);
      long start = System.nanoTime();
      ImageResult unavailable = v.decide(target("app/b:1.0"), Duration.ofSeconds(30));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(Decision.ERROR, unavailable.decision(), unavailable.checks().toString());
      assertFalse(unavailable.definitive());
      assertTrue(unavailable.checks().toString().contains("HTTP 503"), unavailable.checks().toString());
      assertTrue(ms < 5000, "a Retry-After past the deadline is not slept: " + ms + " ms");
      proxy.clearFaults();

      // a 503 listing referrers of an image without a .sig tag is not "unsigned" either
      proxy.fail(r -> r.path().contains("/referrers/"), 503, null, -1);
      ImageResult noListing = v.decide(target("app/unsigned:1.0"), Duration.ofSeconds(30));
      assertEquals(Decision.ERROR, noListing.decision(), noListing.checks().toString());
      assertFalse(noListing.definitive());
      proxy.clearFaults();

      // a registry that does not answer within the per-call deadline
      proxy.delay(r -> r.path().endsWith(".sig"), Duration.ofSeconds(5));
      ImageResult slow = v.decide(target("app/c:1.0"), Duration.ofSeconds(30));
      assertEquals(Decision.ERROR, slow.decision(), slow.checks().toString());
      assertFalse(slow.definitive());
      assertTrue(slow.checks().toString().contains("did not answer in time"), slow.checks().toString());

      // and an image whose own deadline passes first
      ImageResult late = v.decide(target("app/d:1.0"), Duration.ofMillis(300));
      assertEquals(Decision.ERROR, late.decision());
      assertFalse(late.definitive());
      assertTrue(late.checks().toString().contains("timed out after 300ms"), late.checks().toString());
      proxy.clearFaults();

      // resolution apart from decision: "no such image" is definitive, a 503 is not
      Verifier.Resolution missing = v.resolve(Reference.parse(proxy.host() + "/app/none:1.0"));
      assertFalse(missing.resolved());
      assertTrue(missing.definitive(), missing.failure());
      proxy.fail(r -> r.path().endsWith("/manifests/1.0"), 503, null, -1);
      Verifier.Resolution down = v.resolve(Reference.parse(proxy.host() + "/app/a:1.0"));
      assertFalse(down.resolved());
      assertFalse(down.definitive(), down.failure());
      proxy.clearFaults();
      assertTrue(v.resolve(Reference.parse(proxy.host() + "/app/a:1.0")).definitive());

      // the same verifier decides again once the registry is healthy
      assertEquals(Decision.ALLOW, v.decide(target("app/c:1.0"), Duration.ofSeconds(30)).decision());
    }
  }
}
