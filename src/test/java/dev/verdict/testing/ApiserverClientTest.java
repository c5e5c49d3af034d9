package dev.verdict.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.verdict.Json;
import dev.verdict.testing.ApiserverClient.Config;
import dev.verdict.testing.ApiserverClient.FailurePolicy;
import dev.verdict.testing.ApiserverClient.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ApiserverClientTest {
  private static final String UID = "705ab4f5-6393-11e8-b7cc-42010a800002";
  private static final TestPki PKI = new TestPki("verdict test CA");
  private HttpsServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A tiny webhook: answers each POST with {@code answer} applied to the request's uid. */
  private int serve(TestPki.Leaf leaf, Function<String, String> answer, int status, Duration delay)
      throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(leaf.serverContext()));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", (HttpExchange ex) -> {
      ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) ex).getSSLSession();
      String sni = session.getRequestedServerNames().isEmpty() ? "none"
          : ((SNIHostName) session.getRequestedServerNames().get(0)).getAsciiName();
      seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " sni=" + sni + " host="
          + ex.getRequestHeaders().getFirst("Host") + " type=" + ex.getRequestHeaders().getFirst("Content-Type"));
      JsonNode req = Json.mapper().readTree(ex.getRequestBody().readAllBytes());
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = answer.apply(req.path("request").path("uid").asString("")).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  private static String review(String uid, String response) {
    return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"" + uid
        + "\"" + response + "}}";
  }

  private static JsonNode request() {
    ObjectNode r = Json.mapper().createObjectNode().put("apiVersion", "admission.k8s.io/v1")
        .put("kind", "AdmissionReview");
    r.putObject("request").put("uid", UID).put("operation", "CREATE");
    return r;
  }

  private static Config config(int port, FailurePolicy policy) {
    return new Config("verdict", "verdict-system", port, PKI.caPem(), policy, Duration.ofSeconds(10), false);
  }

  private static TestPki.Leaf leaf() {
    return PKI.issue("verdict.verdict-system.svc");
  }

  @Test
  void call_validAnswer_usedWithSniTimeoutAndKeepAlive() throws Exception {
    int port = serve(leaf(), uid -> review(uid, ",\"allowed\":false,\"status\":{\"code\":403,\"message\":\"no\"},"
        + "\"warnings\":[\"w1\"],\"auditAnnotations\":{\"decision\":\"deny\"}"), 200, Duration.ZERO);
    try (ApiserverClient c = new ApiserverClient(config(port, FailurePolicy.IGNORE))) {
      for (int i = 0; i < 3; i++) {
        Outcome o = c.call("/validate", request());
        assertTrue(o.answered(), o.callError());
        assertFalse(o.allowed());
        assertEquals(403, o.code());
        assertEquals("no", o.message());
        assertEquals(List.of("w1"), o.warnings());
        assertEquals("deny", o.auditAnnotations().get("decision"));
      }
      assertEquals(1, c.connectionsOpened());
    }
    assertEquals("POST /validate?timeout=10s sni=verdict.verdict-system.svc host=verdict.verdict-system.svc:" + port
        + " type=application/json", seen.get(0));
  }

  @Test
  void call_uidDiffers_rejectedAndFailurePolicyApplies() throws Exception {
    int port = serve(leaf(), uid -> review("other-uid", ",\"allowed\":true"), 200, Duration.ZERO);
    Outcome fail = new ApiserverClient(config(port, FailurePolicy.FAIL)).call("/validate", request());
    assertFalse(fail.allowed());
    assertTrue(fail.callError().contains("expected response.uid=\"" + UID + "\""), fail.callError());
    Outcome ignore = new ApiserverClient(config(port, FailurePolicy.IGNORE)).call("/validate", request());
    assertTrue(ignore.allowed(), "failurePolicy Ignore admits on a call error");
    assertFalse(ignore.answered());
  }

  @Test
  void call_mutatingPatchWithoutPatchType_rejected() throws Exception {
    String patch = Base64.getEncoder().encodeToString(
        "[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"x@sha256:aa\"}]".getBytes());
    int port = serve(leaf(), uid -> review(uid, ",\"allowed\":true,\"patch\":\"" + patch + "\""), 200,
        Duration.ZERO);
    Outcome o = new ApiserverClient(config(port, FailurePolicy.FAIL).withMutating(true)).call("/mutate", request());
    assertFalse(o.allowed());
    assertEquals("failed calling webhook: webhook returned response.patch but not response.patchType", o.callError());
  }

  @Test
  void call_mutatingPatchWithJsonPatch_decoded() throws Exception {
    String patch = Base64.getEncoder().encodeToString(
        "[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"x@sha256:aa\"}]".getBytes());
    int port = serve(leaf(), uid -> review(uid, ",\"allowed\":true,\"patchType\":\"JSONPatch\",\"patch\":\""
        + patch + "\""), 200, Duration.ZERO);
    Outcome o = new ApiserverClient(config(port, FailurePolicy.FAIL).withMutating(true)).call("/mutate", request());
    assertTrue(o.answered(), o.callError());
    assertEquals("x@sha256:aa", o.patch().get(0).get("value").asString());
  }

  @Test
  void call_otherPatchTypeOrValidatingPatch_rejected() throws Exception {
    String patch = Base64.getEncoder().encodeToString("[]".getBytes());
    int port = serve(leaf(), uid -> review(uid, ",\"allowed\":true,\"patchType\":\"MergePatch\",\"patch\":\""
        + patch + "\""), 200, Duration.ZERO);
    Outcome mutating = new ApiserverClient(config(port, FailurePolicy.FAIL).withMutating(true))
        .call("/mutate", request());
    assertTrue(mutating.callError().contains("unsupported patch type"), mutating.callError());
    Outcome validating = new ApiserverClient(config(port, FailurePolicy.FAIL)).call("/validate", request());
    assertTrue(validating.callError().contains("validating webhook may not return response.patch"),
        validating.callError());
  }

  @Test
  void call_notAnAdmissionReview_rejected() throws Exception {
    int port = serve(leaf(), uid -> "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"response\":{\"uid\":\"" + uid
        + "\",\"allowed\":true}}", 200, Duration.ZERO);
    Outcome o = new ApiserverClient(config(port, FailurePolicy.FAIL)).call("/validate", request());
    assertFalse(o.allowed());
    assertTrue(o.callError().contains("AdmissionReview"), o.callError());
    int port2 = serve(leaf(), uid -> "not json", 200, Duration.ZERO);
    assertFalse(new ApiserverClient(config(port2, FailurePolicy.FAIL)).call("/validate", request()).answered());
  }

  @Test
  void call_non200_failurePolicyApplies() throws Exception {
    int port = serve(leaf(), uid -> review(uid, ",\"allowed\":false"), 500, Duration.ZERO);
    Outcome o = new ApiserverClient(config(port, FailurePolicy.IGNORE)).call("/validate", request());
    assertTrue(o.allowed(), "an HTTP 500 fails open under Ignore: why verdict never answers one");
    assertEquals(500, o.httpStatus());
    assertTrue(o.body().contains("\"allowed\":false"), "the body of a non-200 is kept for messages: " + o.body());
  }

  @Test
  void review_callError_failsTheTestNamingWhy() throws Exception {
    int port = serve(leaf(), uid -> review("other-uid", ",\"allowed\":true"), 200, Duration.ZERO);
    try (ApiserverClient c = new ApiserverClient(config(port, FailurePolicy.IGNORE))) {
      AssertionError e = assertThrows(AssertionError.class,
          () -> c.review("/validate", Json.mapper().writeValueAsString(request())));
      assertTrue(e.getMessage().contains("expected response.uid=\"" + UID + "\"") && e.getMessage()
          .contains("other-uid"), e.getMessage());
    }
  }

  @Test
  void review_validAnswer_returnedWithTheResponse() throws Exception {
    int port = serve(leaf(), uid -> review(uid, ",\"allowed\":true,\"auditAnnotations\":{\"decision\":\"allow\"}"),
        200, Duration.ZERO);
    try (ApiserverClient c = new ApiserverClient(ApiserverClient.Config.of("verdict", "verdict-system", port,
        PKI.caPem()))) {
      Outcome o = c.review("/validate", Json.mapper().writeValueAsString(request()));
      assertTrue(o.allowed());
      assertEquals("allow", o.response().path("auditAnnotations").path("decision").asString());
      assertTrue(seen.get(0).startsWith("POST /validate?timeout=10s "), seen.toString());
    }
  }

  @Test
  void call_slowerThanTimeout_callErrorAtTheTimeout() throws Exception {
    // the server answers after 6 s; the call gives up at its 1 s timeout (bounded loosely: a loaded machine
    // schedules late, but nowhere near the server's answer)
    int port = serve(leaf(), uid -> review(uid, ",\"allowed\":true"), 200, Duration.ofSeconds(6));
    Outcome o = new ApiserverClient(config(port, FailurePolicy.FAIL).withTimeout(Duration.ofSeconds(1)))
        .call("/validate", request());
    assertFalse(o.allowed());
    assertFalse(o.answered());
    assertTrue(o.took().toMillis() >= 900 && o.took().toMillis() < 4000, "took " + o.took());
    assertTrue(seen.get(0).contains("?timeout=1s"), seen.toString());
  }

  @Test
  void call_certificateForAnotherName_refused() throws Exception {
    int port = serve(PKI.issue("other.verdict-system.svc", "localhost"), uid -> review(uid, ",\"allowed\":true"),
        200, Duration.ZERO);
    Outcome o = new ApiserverClient(config(port, FailurePolicy.FAIL)).call("/validate", request());
    assertFalse(o.answered());
    assertFalse(o.allowed());
    assertTrue(seen.isEmpty(), "the request must not reach a server with the wrong name");
  }

  @Test
  void call_certificateOfAnotherCa_refused() throws Exception {
    TestPki other = new TestPki("other CA");
    int port = serve(other.issue("verdict.verdict-system.svc"), uid -> review(uid, ",\"allowed\":true"), 200,
        Duration.ZERO);
    Outcome o = new ApiserverClient(config(port, FailurePolicy.FAIL)).call("/validate", request());
    assertFalse(o.answered());
    assertNull(o.review());
  }

  @Test
  void call_expiredCertificate_refused() throws Exception {
    int port = serve(PKI.issue(Instant.now().minusSeconds(60), "verdict.verdict-system.svc"),
        uid -> review(uid, ",\"allowed\":true"), 200, Duration.ZERO);
    assertFalse(new ApiserverClient(config(port, FailurePolicy.FAIL)).call("/validate", request()).answered());
  }

  @Test
  void call_serverSaysConnectionClose_nextCallOnANewConnection() throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(leaf().serverContext()));
    server.createContext("/", ex -> {
      String uid = Json.mapper().readTree(ex.getRequestBody().readAllBytes()).path("request").path("uid")
          .asString();
      byte[] body = review(uid, ",\"allowed\":true").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Connection", "close");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try (ApiserverClient c = new ApiserverClient(config(server.getAddress().getPort(), FailurePolicy.FAIL))) {
      assertTrue(c.call("/validate", request()).answered());
      assertTrue(c.call("/validate", request()).answered());
      assertEquals(2, c.connectionsOpened());
    }
  }
}
