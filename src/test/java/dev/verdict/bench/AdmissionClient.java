package dev.verdict.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls verdict as the apiserver does: HTTPS POST, keep-alive, the server certificate checked against the CA. */
final class AdmissionClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One answer: HTTP status, {@code response.allowed}, {@code response.status.code}, and the wall time. */
  record Answer(int http, boolean allowed, int code, long nanos, String body) {
    double ms() {
      return nanos / 1e6;
    }
  }

  private final HttpClient http;
  private final URI base;

  AdmissionClient(SSLContext tls, int port) {
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
        .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(15)).build();
    base = URI.create("https://127.0.0.1:" + port);
  }

  CompletableFuture<Answer> reviewAsync(String path, byte[] body) {
    HttpRequest r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    long start = System.nanoTime();
    return http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenApply(resp -> {
      long nanos = System.nanoTime() - start;
      boolean allowed = false;
      int code = 0;
      if (resp.statusCode() == 200) {
        JsonNode n = JSON.readTree(resp.body()).path("response");
        allowed = n.path("allowed").asBoolean(false);
        code = n.path("status").path("code").asInt(0);
      }
      return new Answer(resp.statusCode(), allowed, code, nanos, resp.body());
    }).exceptionally(e -> new Answer(-1, false, 0, System.nanoTime() - start, e.toString())); // a failed request
  }

  Answer review(String path, byte[] body) throws Exception {
    return reviewAsync(path, body).get();
  }
}
