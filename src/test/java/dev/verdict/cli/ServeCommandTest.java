package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verdict serve} and {@code verdict admission review}: flags, bad input and the printed configuration. */
class ServeCommandTest {
  @TempDir
  Path tmp;

  @Test
  void printWebhookConfig_sameAsTheShippedManifests() throws Exception {
    Cli.Result r = Cli.run("serve", "--print-webhook-config", "--service", "verdict", "--namespace",
        "verdict-system");
    assertEquals(0, r.code(), r.toString());
    String shipped = Files.readString(Path.of("deploy/webhooks.yaml")).lines()
        .filter(l -> !l.startsWith("#") && !l.equals("---")).reduce("", (a, b) -> a + b + "\n");
    String printed = r.out().lines().filter(l -> !l.equals("---")).reduce("", (a, b) -> a + b + "\n");
    assertEquals(shipped, printed);
  }

  @Test
  void printWebhookConfig_badServiceName_usageError() {
    Cli.Result r = Cli.run("serve", "--print-webhook-config", "--service", "Not_A_Label");
    assertEquals(2, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void serve_badFlags_exit2WithOneLine() {
    String[][] cases = {
        {"serve", "--policy", "p"},
        {"serve", "--policy", "p", "--tls-cert", "c", "--tls-key", "k", "--listen", "8443"},
        {"serve", "--policy", "p", "--tls-cert", "c", "--tls-key", "k", "--max-body", "8MB"},
        {"serve", "--policy", "p", "--tls-cert", "c", "--tls-key", "k", "--drain", "soon"},
        {"serve", "--policy", "p", "--tls-cert", "c", "--tls-key", "k", "--mode", "audit"},
        {"serve", "--tls-cert", "c", "--tls-key", "k"}};
    for (String[] args : cases) {
      Cli.Result r = Cli.run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r);
      assertTrue(r.err().startsWith("verdict: "), r.err());
    }
  }

  @Test
  void serve_unreadableTlsFiles_exit3NamingTheFile() throws Exception {
    Path policy = Files.writeString(tmp.resolve("p.yaml"), """
        apiVersion: verdict.dev/v1
        kind: ImagePolicy
        metadata: {name: p}
        spec:
          images: ["**"]
          authorities: [{name: k, key: {path: %s}}]
          signatures: {from: [k]}
        """.formatted(Path.of("testdata/keys/cosign-test.pub").toAbsolutePath()));
    Path cert = Files.writeString(tmp.resolve("tls.crt"), "not a certificate\n");
    Cli.Result r = Cli.run("serve", "--policy", policy.toString(), "--tls-cert", cert.toString(), "--tls-key",
        cert.toString(), "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0");
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains(cert.toString()) && r.err().contains("no PEM CERTIFICATE"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void admissionReview_notAnAdmissionReview_exit3NamingTheFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nspec: {}\n");
    Cli.Result r = Cli.run("admission", "review", file.toString(), "--policy", "policies/key-signed.yaml");
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains(file.toString()) && r.err().contains("not an AdmissionReview"), r.err());
  }

  @Test
  void admissionReview_withoutPolicy_exit2() throws Exception {
    Cli.Result r = Cli.run("admission", "review", "testdata/admission/examples/pod-without-image.json");
    assertEquals(2, r.code(), r.toString());
  }
}
