package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import dev.verdict.oci.Digest;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.testing.ApiserverClient;
import dev.verdict.testing.ApiserverClient.Outcome;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.TestPki;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code verdict serve}'s listeners end to end, called as the kube-apiserver calls them, deciding images in a real
 * CNCF Distribution registry on 127.0.0.1.
 */
class AdmissionServerIT {
  static final String SERVICE = "verdict.verdict-system.svc";
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static final KeyPair OTHER = ClassicSigner.ecKey("secp256r1");
  static final long MAX_BODY = 64 * 1024;
  @TempDir
  static Path tmp;
  static RegistryServer registry;
  static OciPusher push;
  static TestPki pki;
  static Path policyDir;
  static DeciderLoader.Loaded loaded;
  static ExecutorService work;
  static AdmissionServer server;
  static ApiserverClient apiserver;
  /** The same webhook as a MutatingWebhookConfiguration calls it. */
  static ApiserverClient mutator;
  static String signed;
  static Digest signedDigest;
  static String unsigned;
  static String wrongKey;
  static String missing;
  static String warned;
  static String pinless;
  /** Matched only by a policy whose glob names a tag. */
  static String tagged;
  static ServerSocket blackHole;
  static final List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final Map<String, Digest> DIGESTS = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    registry = RegistryServer.start();
    push = new OciPusher(registry.host());
    Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(KEY));
    policyDir = Files.createDirectories(tmp.resolve("policies"));
    String h = registry.host();
    Files.writeString(policyDir.resolve("app.yaml"), policy("app", "[\"" + h + "/app/**\", \"127.0.0.1:" + blackHole.getLocalPort()
        + "/**\"]",
        "enforce", ""));
    Files.writeString(policyDir.resolve("warned.yaml"), policy("warned", "[\"" + h + "/warned/**\"]", "warn", ""));
    Files.writeString(policyDir.resolve("pinless.yaml"), policy("pinless", "[\"" + h + "/pinless/**\"]", "enforce",
        "  mutate: false\n"));
    Files.writeString(policyDir.resolve("tagged.yaml"), policy("tagged", "[\"" + h + "/tagged/app:1.*\"]",
        "enforce", ""));
    tagged = image("tagged/app", true, KEY);
    signed = image("app/signed", true, KEY);
    signedDigest = DIGESTS.get(signed);
    unsigned = image("app/unsigned", false, null);
    wrongKey = image("app/wrongkey", true, OTHER);
    missing = h + "/app/missing:1.0";
    warned = image("warned/unsigned", false, null);
    pinless = image("pinless/signed", true, KEY);
    loaded = new DeciderLoader(List.of(policyDir), null, RegistryOptions.defaults()).load();
    pki = new TestPki();
    Path[] tls = pki.serving(tmp.resolve("tls"), SERVICE, false, TestPki.KeyFormat.PKCS8, Duration.ofDays(1));
    work = Executors.newFixedThreadPool(16);
    server = new AdmissionServer(new Admission(loaded::decider, work, false), ServerTls.load(tls[0], tls[1]),
        new AdmissionServer.Options(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
            MAX_BODY, null, 16), AdmissionObserver.NONE, () -> "verdict_up 1\n", () -> true);
    server.start();
    server.markReady();
    apiserver = new ApiserverClient(config());
    mutator = new ApiserverClient(config().withMutating(true));
    Thread acceptor = new Thread(() -> {
      while (!blackHole.isClosed()) {
        try {
          held.add(blackHole.accept()); // accepted, never answered
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterAll
  static void stop() throws Exception {
    apiserver.close();
    mutator.close();
    server.close();
    work.shutdownNow();
    loaded.close();
    blackHole.close();
    for (Socket s : held) {
      s.close();
    }
    registry.close();
  }

  static String policy(String name, String images, String mode, String extra) {
    return "apiVersion: verdict.dev/v1\nkind: ImagePolicy\nmetadata: {name: " + name + "}\nspec:\n  images: "
        + images + "\n  mode: " + mode + "\n" + extra + "  authorities:\n    - name: release\n      key: {path: "
        + tmp.resolve("k.pub") + "}\n  signatures: {require: 1, from: [release]}\n";
  }

  /** Pushes a fresh image as repo:1.0, signed by {@code key} when {@code sign}; returns repo:1.0. */
  static String image(String repo, boolean sign, KeyPair key) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    if (sign) {
      signDigest(repo, d, key);
    }
    DIGESTS.put(registry.host() + "/" + repo + ":1.0", d);
    return registry.host() + "/" + repo + ":1.0";
  }

  static void signDigest(String repo, Digest d, KeyPair key) throws Exception {
    push.push(repo, ClassicSigner.manifest(List.of(Layer.signed(key,
        ClassicSigner.payload(registry.host() + "/" + repo, d)))), d.tagPrefix() + ".sig");
  }

  /** The validating webhook as deploy/ configures it (failurePolicy Fail, timeoutSeconds 10). */
  static ApiserverClient.Config config() {
    return ApiserverClient.Config.of("verdict", "verdict-system", server.port(), pki.caPem());
  }

  static Outcome validate(String review) {
    return apiserver.review("/validate", review);
  }

  static Outcome pod(String image) {
    return validate(Reviews.create("", "Pod", Reviews.object("", "Pod", image)));
  }

  @Test
  void validate_signedPod_allowed() throws Exception {
    Outcome a = pod(signed);
    assertTrue(a.allowed(), a.body());
    assertEquals("allow", a.response().path("auditAnnotations").path("decision").asString(), a.body());
    assertTrue(a.response().path("auditAnnotations").path("images").asString().contains(signedDigest.toString()),
        a.body());
  }

  @Test
  void validate_unsignedPod_denied403NamingImagePathPolicyAndCheck() throws Exception {
    Outcome a = pod(unsigned);
    assertFalse(a.allowed(), a.body());
    assertEquals(403, a.code(), a.body());
    String m = a.message();
    assertTrue(m.contains(unsigned) && m.contains("spec.containers[0].image") && m.contains("policy app")
        && m.contains("no signature"), m);
    assertTrue(m.getBytes(StandardCharsets.UTF_8).length <= 1024, m);
  }

  @Test
  void validate_everyWorkloadKind_decidesThePodTemplateImage() throws Exception {
    String[][] kinds = {{"", "Pod"}, {"", "PodTemplate"}, {"", "ReplicationController"}, {"apps", "Deployment"},
        {"apps", "ReplicaSet"}, {"apps", "StatefulSet"}, {"apps", "DaemonSet"}, {"batch", "Job"},
        {"batch", "CronJob"}};
    for (String[] k : kinds) {
      Outcome ok = validate(Reviews.create(k[0], k[1], Reviews.object(k[0], k[1], signed)));
      assertTrue(ok.allowed(), k[1] + ": " + ok.body());
      Outcome no = validate(Reviews.create(k[0], k[1], Reviews.object(k[0], k[1], unsigned)));
      assertFalse(no.allowed(), k[1] + ": " + no.body());
      assertEquals(403, no.code(), no.body());
    }
    // a custom resource with a pod template at any depth
    String widget = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
        + "\"spec\":{\"workers\":[{\"template\":{\"spec\":" + Reviews.podSpec(unsigned) + "}}]}}";
    Outcome cr = validate(Reviews.create("example.com", "Widget", widget));
    assertFalse(cr.allowed(), cr.body());
    assertTrue(cr.message().contains("spec.workers[0].template.spec.containers[0].image"), cr.message());
  }

  @Test
  void validate_kubewardenRequests_signedAllowedUnsignedDenied() throws Exception {
    push.push("app/kw", TestImages.randomImage(false), "unsigned");
    Digest d = push.push("app/kw", TestImages.randomImage(false), "signed");
    signDigest("app/kw", d, KEY);
    int n = 0;
    try (var files = Files.list(Path.of("testdata/manifests/admission"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches(".*_creation_(un)?signed\\.json"))
          .toList()) {
        String request = Reviews.fixture(f, "ghcr.io/kubewarden/test-verify-image-signatures",
            registry.host() + "/app/kw");
        Outcome a = validate(Reviews.envelope(request));
        boolean expectAllowed = !f.getFileName().toString().endsWith("_unsigned.json");
        assertEquals(expectAllowed, a.allowed(), f + ": " + a.body());
        n++;
      }
    }
    assertEquals(16, n);
  }

  @Test
  void validate_initContainerAndImageVolume_areVerifiedAtTheirPaths() throws Exception {
    String review = Reviews.fixture(Path.of("testdata/admission/shapes/pod-create.json"), "ghcr.io/acme/migrate:2.3",
        signed).replace("ghcr.io/acme/web@sha256:3f2a9c0d5b1e8a7f6c4d2b0a9e8f7c6d5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e",
        signed.replace(":1.0", "@" + signedDigest)).replace("envoyproxy/envoy:v1.31.2", signed);
    Outcome ok = validate(review.replace("ghcr.io/acme/models:v7", signed));
    assertTrue(ok.allowed(), ok.body());
    Outcome volume = validate(review.replace("ghcr.io/acme/models:v7", unsigned));
    assertFalse(volume.allowed(), volume.body());
    assertTrue(volume.message().contains("spec.volumes[0].image.reference"), volume.message());
    Outcome init = validate(review.replace("ghcr.io/acme/models:v7", signed).replace(
        "\"image\": \"" + signed + "\"\n          }\n        ],\n        \"containers\"",
        "\"image\": \"" + unsigned + "\"\n          }\n        ],\n        \"containers\""));
    assertFalse(init.allowed(), init.body());
    assertTrue(init.message().contains("spec.initContainers[0].image"), init.message());
  }

  @Test
  void validate_ephemeralContainersSubresource_verifiesOnlyTheNewContainer() throws Exception {
    // the unchanged app container names a registry that does not exist here: verifying it would be "could not
    // decide" (500), so a 403 naming the debugger proves only the new ephemeral container was verified
    String review = Reviews.fixture(Path.of("testdata/admission/shapes/ephemeral.json"), "busybox:1.36", unsigned);
    Outcome a = validate(review);
    assertFalse(a.allowed(), a.body());
    assertEquals(403, a.code(), a.body());
    assertTrue(a.message().contains("spec.ephemeralContainers[0].image"), a.message());
    assertTrue(validate(Reviews.fixture(Path.of("testdata/admission/shapes/ephemeral.json"), "busybox:1.36", signed))
        .allowed());
  }

  @Test
  void validate_updateWithUnchangedImages_makesNoRegistryCall() throws Exception {
    // deploy-update.json: envoy (docker.io, unreachable here) is in oldObject too; only the web image is new
    String review = Reviews.fixture(Path.of("testdata/admission/shapes/deploy-update.json"), "ghcr.io/acme/web:1.5.0",
        signed);
    Outcome a = validate(review);
    assertTrue(a.allowed(), a.body());
    String obj = Reviews.object("apps", "Deployment", missing);
    Outcome same = validate(Reviews.review("apps", "Deployment", "UPDATE", obj, obj, null, false));
    assertTrue(same.allowed(), same.body());
    Outcome created = validate(Reviews.create("apps", "Deployment", obj));
    assertFalse(created.allowed(), created.body());
    assertTrue(created.message().contains("image not found"), created.message());
  }

  @Test
  void validate_objectBeingDeleted_allowed() throws Exception {
    String obj = Reviews.object("apps", "Deployment", unsigned).replace("\"namespace\":\"shop\"}",
        "\"namespace\":\"shop\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\",\"finalizers\":[\"x\"]}");
    String old = Reviews.object("apps", "Deployment", signed);
    Outcome a = validate(Reviews.review("apps", "Deployment", "UPDATE", obj, old, null, false));
    assertTrue(a.allowed(), a.body());
  }

  @Test
  void validate_dryRun_decidedAsUsual() throws Exception {
    Outcome a = validate(Reviews.review("", "Pod", "CREATE", Reviews.object("", "Pod", unsigned), null,
        null, true));
    assertFalse(a.allowed(), a.body());
    assertTrue(validate(Reviews.review("", "Pod", "CREATE", Reviews.object("", "Pod", signed), null, null, true))
        .allowed());
  }

  @Test
  void validate_kindWithoutPodTemplate_allowedWithWarning() throws Exception {
    String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"image\":\""
        + unsigned + "\"}}";
    Outcome a = validate(Reviews.create("", "ConfigMap", cm));
    assertTrue(a.allowed(), a.body());
    assertTrue(a.warnings().get(0).contains("no pod template"), a.body());
  }

  @Test
  void validate_layoutPathAsImage_denied() throws Exception {
    Outcome a = pod("oci:" + tmp);
    assertFalse(a.allowed(), a.body());
    assertTrue(a.message().contains("OCI layout path"), a.message());
  }

  @Test
  void validate_wrongKeyAndMissingImage_denied() throws Exception {
    assertEquals(403, pod(wrongKey).code());
    assertEquals(403, pod(missing).code());
  }

  @Test
  void validate_warnModePolicy_allowsWithWarnings() throws Exception {
    Outcome a = pod(warned);
    assertTrue(a.allowed(), a.body());
    assertFalse(a.warnings().isEmpty(), a.body());
    assertTrue(a.warnings().get(0).contains(warned), a.body());
  }

  @Test
  void validate_globalWarnMode_turnsDenyIntoAllowWithWarning() throws Exception {
    Admission warn = new Admission(loaded::decider, work, true);
    AdmissionRequest r = AdmissionRequest.of(Json.mapper().readTree(Reviews.create("", "Pod",
        Reviews.object("", "Pod", unsigned))), false);
    AdmissionResponse res = warn.validate(r, System.nanoTime() + Duration.ofSeconds(9).toNanos());
    assertTrue(res.allowed(), res.toString());
    assertTrue(res.warnings().get(0).contains("--mode warn") && res.warnings().get(0).contains(unsigned),
        res.warnings().toString());
  }

  @Test
  void validate_blackHoledRegistry_deniesBeforeTheDeadline() throws Exception {
    String image = "127.0.0.1:" + blackHole.getLocalPort() + "/app/hang:1.0";
    long start = System.nanoTime();
    Outcome a;
    try (ApiserverClient threeSeconds = new ApiserverClient(config().withTimeout(Duration.ofSeconds(3)))) {
      a = threeSeconds.review("/validate", Reviews.create("", "Pod", Reviews.object("", "Pod", image)));
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertFalse(a.allowed(), a.body());
    assertEquals(500, a.code(), a.body());
    assertTrue(a.message().contains("could not decide") && a.message().endsWith("failing closed"), a.message());
    // ?timeout=3s: internal deadline 3s - max(1s, 10%) = 2s; the apiserver gives up at 3s
    assertTrue(ms >= 1900 && ms < 2900, ms + " ms");
  }

  @Test
  void mutate_tag_pinnedToResolvedDigestKeepingSpelling() throws Exception {
    Outcome a = mutator.review("/mutate", Reviews.create("", "Pod",
        Reviews.object("", "Pod", signed)));
    assertTrue(a.allowed(), a.body());
    JsonNode patch = a.patch();
    assertEquals(1, patch.size(), a.body());
    assertEquals("replace", patch.get(0).get("op").asString());
    assertEquals("/spec/containers/0/image", patch.get(0).get("path").asString());
    assertEquals(signed + "@" + signedDigest, patch.get(0).get("value").asString());
    // applied, the object is pinned: a second pass changes nothing (idempotent)
    Outcome again = mutator.review("/mutate", Reviews.create("", "Pod",
        Reviews.object("", "Pod", signed + "@" + signedDigest)));
    assertTrue(again.allowed());
    assertNull(again.patch(), again.body());
  }

  @Test
  void mutate_unsignedImage_neverDenies() throws Exception {
    Outcome a = mutator.review("/mutate", Reviews.create("", "Pod",
        Reviews.object("", "Pod", unsigned)));
    assertTrue(a.allowed(), a.body());
    assertTrue(a.patch().get(0).get("value").asString().startsWith(unsigned + "@sha256:"), a.body());
  }

  @Test
  void mutate_policyOptsOut_noPatch() throws Exception {
    Outcome a = mutator.review("/mutate", Reviews.create("", "Pod",
        Reviews.object("", "Pod", pinless)));
    assertTrue(a.allowed(), a.body());
    assertNull(a.patch(), a.body());
  }

  @Test
  void mutateThenValidate_tagMovedBetween_pinsAndDecidesTheVerifiedDigest() throws Exception {
    String ref = image("app/moving", true, KEY);
    String review = Reviews.create("", "Pod", Reviews.object("", "Pod", ref));
    Outcome m = mutator.review("/mutate", review);
    String pinned = m.patch().get(0).get("value").asString();
    // an attacker with registry write access moves the tag to an unsigned image
    push.push("app/moving", TestImages.randomImage(false), "1.0");
    Outcome v = validate(Reviews.create("", "Pod", Reviews.object("", "Pod", pinned)));
    assertTrue(v.allowed(), v.body());
    assertTrue(v.response().path("auditAnnotations").path("images").asString().contains(pinned.split("@")[1]));
    Outcome unpinned = validate(review);
    assertFalse(unpinned.allowed(), unpinned.body());
  }

  @Test
  void validate_hostileBodies_answered400AndTheServerKeepsServing() throws Exception {
    String good = Reviews.create("", "Pod", Reviews.object("", "Pod", signed));
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("malformed", "{\"apiVersion\":");
    bad.put("not a review", good.replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1"));
    bad.put("no request", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}");
    bad.put("duplicate key", good.replaceFirst("\\{", "{\"kind\":\"AdmissionReview\","));
    bad.put("deep", "[".repeat(5000) + "]".repeat(5000));
    bad.put("trailing", good + "{}");
    bad.put("oversized", good.replace("\"name\":\"x\"", "\"name\":\"" + "x".repeat((int) MAX_BODY) + "\""));
    bad.put("empty", "");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      try (ApiserverClient fresh = new ApiserverClient(config())) {
        Outcome a = fresh.call("/validate", e.getValue().getBytes(StandardCharsets.UTF_8), "");
        if (a.httpStatus() == 0) {
          // an oversized body is refused from its Content-Length, before it is read: the server answers 400 and
          // closes, so a client still writing may see the reset first. Never for a body within the cap.
          assertEquals("oversized", e.getKey(), e.getKey() + ": " + a.callError());
          assertTrue(a.callError().contains("SocketException"), a.callError());
        } else {
          assertEquals(400, a.httpStatus(), e.getKey() + ": " + a.callError() + " " + a.body());
        }
      }
      assertTrue(pod(signed).allowed(), "after " + e.getKey());
    }
    assertEquals(404, apiserver.call("/other", good.getBytes(StandardCharsets.UTF_8), "").httpStatus());
  }

  @Test
  void validate_keepAlive_oneConnectionForManyReviews() throws Exception {
    try (ApiserverClient one = new ApiserverClient(config())) {
      for (int i = 0; i < 20; i++) {
        assertTrue(one.review("/validate", Reviews.create("", "Pod", Reviews.object("", "Pod", signed))).allowed());
      }
      assertEquals(1, one.connectionsOpened());
    }
  }

  @Test
  void serverCertificate_wrongName_refusedByTheApiserverSide() throws Exception {
    ApiserverClient.Config c = config();
    try (ApiserverClient other = new ApiserverClient(new ApiserverClient.Config("other", c.namespace(), c.port(),
        c.caBundlePem(), c.failurePolicy(), c.timeout(), false))) {
      Outcome o = other.call("/validate", Json.mapper().readTree(Reviews.create("", "Pod",
          Reviews.object("", "Pod", signed))));
      assertFalse(o.answered());
      assertFalse(o.allowed(), "failurePolicy Fail");
      assertTrue(o.callError().contains("SSLHandshakeException"), o.callError());
    }
  }

  @Test
  void metricsListener_probesAndMetrics() throws Exception {
    HttpClient c = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.metricsPort();
    assertEquals(200, c.send(HttpRequest.newBuilder(URI.create(base + "/livez")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, c.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    assertTrue(c.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body().contains("verdict_up 1"));
    assertEquals(404, c.send(HttpRequest.newBuilder(URI.create(base + "/validate")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void admissionReviewAndVerify_sameImages_sameVerdicts() throws Exception {
    // a tag glob matches a tag the engine resolved, in serve as in verify
    assertTrue(pod(tagged).allowed());
    for (String image : List.of(signed, unsigned, wrongKey, missing, warned, tagged)) {
      String review = Reviews.create("", "Pod", Reviews.object("", "Pod", image));
      boolean served = validate(review).allowed();
      Cli.Result verify = Cli.run("verify", image, "--policy", policyDir.toString());
      assertEquals(served, verify.code() == 0, image + ": " + verify);
      Path file = Files.writeString(tmp.resolve("review.json"), review);
      Cli.Result offline = Cli.run("admission", "review", file.toString(), "--policy", policyDir.toString());
      assertEquals(served ? 0 : 1, offline.code(), image + ": " + offline);
      JsonNode printed = Json.mapper().readTree(offline.out());
      assertEquals(served, printed.path("response").path("allowed").asBoolean(), offline.out());
    }
  }
}
