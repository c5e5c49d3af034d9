package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import dev.verdict.oci.Digest;
import dev.verdict.testing.ApiserverClient;
import dev.verdict.testing.BinVerdict;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.TestPki;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first run: {@code bin/verdict serve} as its own process answers a signed image's Pod with
 * {@code allowed: true} and an unsigned one's with {@code allowed: false} over TLS, {@code verdict admission review}
 * gives the same answers offline, and SIGTERM drains (readiness false, requests still answered) before it exits.
 */
class ServeProcessIT {
  static final String SERVICE = "verdict.verdict-system.svc";
  static final Pattern LISTENING = Pattern.compile("https://127\\.0\\.0\\.1:(\\d+) .*http://127\\.0\\.0\\.1:(\\d+) ");
  @TempDir
  Path tmp;

  @Test
  void serve_firstRunFromReadme_signedAllowedUnsignedDeniedAndSigtermDrains() throws Exception {
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    try (RegistryServer registry = RegistryServer.start()) {
      OciPusher push = new OciPusher(registry.host());
      Digest d = push.push("acme/signed", TestImages.randomImage(false), "1.0");
      push.push("acme/signed", ClassicSigner.manifest(List.of(Layer.signed(key,
          ClassicSigner.payload(registry.host() + "/acme/signed", d)))), d.tagPrefix() + ".sig");
      push.push("acme/unsigned", TestImages.randomImage(false), "1.0");
      Files.writeString(tmp.resolve("release.pub"), ClassicSigner.pem(key));
      Path policies = Files.createDirectories(tmp.resolve("policies"));
      Files.writeString(policies.resolve("acme.yaml"), "apiVersion: verdict.dev/v1\nkind: ImagePolicy\n"
          + "metadata: {name: acme}\nspec:\n  images: [\"" + registry.host() + "/acme/**\"]\n  authorities:\n"
          + "    - name: release\n      key: {path: " + tmp.resolve("release.pub") + "}\n"
          + "  signatures: {require: 1, from: [release]}\n");
      TestPki pki = new TestPki();
      Path[] tls = pki.serving(tmp.resolve("tls"), SERVICE, false, TestPki.KeyFormat.TRADITIONAL,
          Duration.ofDays(1));
      Path err = tmp.resolve("serve.err");
      Process p = new ProcessBuilder(Path.of("bin/verdict").toAbsolutePath().toString(), "serve",
          "--policy", policies.toString(), "--tls-cert", tls[0].toString(), "--tls-key", tls[1].toString(),
          "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--drain", "3s")
          .redirectError(err.toFile()).redirectOutput(tmp.resolve("serve.out").toFile()).start();
      try {
        Matcher m = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until && p.isAlive()) {
          m = LISTENING.matcher(Files.readString(err));
          if (m.find()) {
            break;
          }
          Thread.sleep(50);
        }
        assertTrue(m != null && m.find(0), "no listening line: " + Files.readString(err));
        int port = Integer.parseInt(m.group(1));
        String metrics = "http://127.0.0.1:" + m.group(2);
        String signedPod = Reviews.create("", "Pod", Reviews.object("", "Pod", registry.host() + "/acme/signed:1.0"));
        String unsignedPod = Reviews.create("", "Pod", Reviews.object("", "Pod",
            registry.host() + "/acme/unsigned:1.0"));
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, get(http, metrics + "/readyz"));
        try (ApiserverClient apiserver = client(pki, port)) {
          assertTrue(apiserver.review("/validate", signedPod).allowed());
          ApiserverClient.Outcome denied = apiserver.review("/validate", unsignedPod);
          assertFalse(denied.allowed(), denied.body());
          assertEquals(403, denied.code());

          // the same answers offline
          Path signedFile = Files.writeString(tmp.resolve("signed.json"), signedPod);
          Path unsignedFile = Files.writeString(tmp.resolve("unsigned.json"), unsignedPod);
          Cli.Result ok = BinVerdict.run(Map.of(), "admission", "review", signedFile.toString(), "--policy",
              policies.toString());
          assertEquals(0, ok.code(), ok.toString());
          assertTrue(ok.out().contains("\"allowed\" : true"), ok.out());
          Cli.Result no = BinVerdict.run(Map.of(), "admission", "review", unsignedFile.toString(), "--policy",
              policies.toString());
          assertEquals(1, no.code(), no.toString());
          assertTrue(no.out().contains("\"allowed\" : false"), no.out());

          // SIGTERM: readiness false at once, admissions still answered during --drain, then exit 0
          long sigterm = System.nanoTime();
          p.destroy();
          long readyUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
          int ready = 200;
          while (ready == 200 && System.nanoTime() < readyUntil) {
            ready = get(http, metrics + "/readyz");
            Thread.sleep(20);
          }
          assertEquals(503, ready);
          assertTrue(apiserver.review("/validate", signedPod).allowed());
          try (ApiserverClient fresh = client(pki, port)) {
            assertFalse(fresh.review("/validate", unsignedPod).allowed());
          }
          assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running after the drain");
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
          assertTrue(ms >= 2900, "stopped after " + ms + " ms, before the 3s drain");
          assertEquals(143, p.exitValue(), Files.readString(err)); // 128 + SIGTERM, as for any JVM stopped by it
          // the audit log is buffered: the drain wrote every answered admission's line before the exit
          List<String> audit = Files.readAllLines(tmp.resolve("serve.out"));
          assertEquals(4, audit.size(), String.join("\n", audit));
          assertEquals(List.of("allow", "deny", "allow", "deny"), audit.stream()
              .map(l -> Json.mapper().readTree(l).path("decision").asString()).toList());
        }
      } finally {
        p.destroyForcibly();
      }
    }
  }

  /** The apiserver calling the validating webhook as deploy/ configures it. */
  static ApiserverClient client(TestPki pki, int port) {
    return new ApiserverClient(ApiserverClient.Config.of("verdict", "verdict-system", port, pki.caPem()));
  }

  static int get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
