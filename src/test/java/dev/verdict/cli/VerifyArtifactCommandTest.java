package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verdict verify-artifact} end to end, in process. */
class VerifyArtifactCommandTest {
  static final String D = "testdata/sigstore-bundles/";
  static final String JAVA = D + "sigstore-java/sigstore-java/src/test/resources/dev/sigstore/samples/bundles/";
  static final String PROD = D + "derived-trust-roots/PROD-trusted_root.sigstore-python-store.json";

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = VerdictCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void verifyArtifact_validKeyless_exit0WithChecks() {
    Run r = run("verify-artifact", JAVA + "artifact.txt", "--bundle", JAVA + "bundle.v3.sigstore",
        "--certificate-identity", "appu@google.com", "--certificate-oidc-issuer", "https://accounts.google.com",
        "--trusted-root", PROD);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("pass  certificate.identity"), r.out());
    assertTrue(r.out().contains("log index 41958702, integrated 2023-10-11T14:28:04Z"), r.out());
    assertTrue(r.out().endsWith("Verified OK (message-signature)\n"), r.out());
  }

  @Test
  void verifyArtifact_wrongIdentity_exit1ShowsExpectedAndFound() {
    Run r = run("verify-artifact", JAVA + "artifact.txt", "--bundle", JAVA + "bundle.v3.sigstore",
        "--certificate-identity-regexp", "^.*@example\\.com$", "--certificate-oidc-issuer",
        "https://accounts.google.com", "--trusted-root", PROD, "--format", "json");
    assertEquals(1, r.code());
    assertTrue(r.out().contains("\"expected\" : \"subject ~/^.*@example\\\\.com$/, issuer https://accounts.google.com\""),
        r.out());
    assertTrue(r.out().contains("\"found\" : \"subject appu@google.com, issuer https://accounts.google.com\""));
  }

  @Test
  void verifyArtifact_digestAndDsse_reportsAttestation() {
    Run r = run("verify-artifact",
        "sha512:90f223f992e4c88dd068cd2a5fc57f9d2b30798343dd6e38f29c240e04ba090ef831f84490847c4e82b9232c78e8a258463b1e55c0f7469f730265008fa6633f",
        "--bundle", D + "gh-cli/pkg/cmd/attestation/test/data/sigstore-js-2.1.0-bundle.json",
        "--certificate-identity", "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main",
        "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
        "--trusted-root", D + "gh-cli/pkg/cmd/attestation/test/data/trusted_root.json");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().endsWith("Verified OK (dsse-attestation)\n"), r.out());
  }

  @Test
  void verifyArtifact_publicKeyBundleOtherDigest_exit1() {
    Run r = run("verify-artifact", "sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "--bundle", D + "sigstore-go/examples/bundle-publish.json", "--key", D + "sigstore-go/examples/publish_key.pub",
        "--trusted-root", D + "sigstore-go/examples/trusted-root-public-good.json");
    assertEquals(1, r.code(), "a digest that is no subject of the statement must not verify");
    assertTrue(r.out().contains("is not a subject of the statement"), r.out());
    assertTrue(r.out().contains("pass  dsse.signature"), r.out());
  }

  @Test
  void verifyArtifact_noSigner_usageError() {
    Run r = run("verify-artifact", JAVA + "artifact.txt", "--bundle", JAVA + "bundle.v3.sigstore");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("give either --key or --certificate-identity"), r.err());
  }

  @Test
  void verifyArtifact_keylessWithoutTrustedRoot_usageError() {
    Run r = run("verify-artifact", JAVA + "artifact.txt", "--bundle", JAVA + "bundle.v3.sigstore",
        "--certificate-identity", "a", "--certificate-oidc-issuer", "b");
    assertEquals(2, r.code());
  }

  @Test
  void verifyArtifact_malformedTrustedRoot_exit3(@TempDir Path dir) throws Exception {
    Path root = Files.writeString(dir.resolve("root.json"), "{\"mediaType\":\"application/vnd.dev.sigstore."
        + "trustedroot+json;version=0.1\",\"tlogs\":[{\"publicKey\":{\"rawBytes\":\"AA\",\"keyDetails\":\"X\"}}]}");
    Run r = run("verify-artifact", JAVA + "artifact.txt", "--bundle", JAVA + "bundle.v3.sigstore",
        "--certificate-identity", "a", "--certificate-oidc-issuer", "b", "--trusted-root", root.toString());
    assertEquals(3, r.code());
    assertEquals("verdict: " + root + ": tlogs[0].publicKey.keyDetails: unknown key type X\n", r.err());
  }

  /** A real actions/attest-build-provenance bundle (GitHub's instance: a TSA timestamp, no log entry, no SCT). */
  static String[] githubAttestation(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("verify-artifact",
        "sha256:ae57936def59bc4c75edd3a837d89bcefc6d3a5e31d55a6fa7a71624f92c3c3b",
        "--bundle", D + "derived-split/gh-cli__github_provenance_demo-bundle.json",
        "--trusted-root", D + "derived-trust-roots/github-trusted_root.from-sigstore-java-jsonl.json",
        "--certificate-identity",
        "https://github.com/actions/attest-demo/.github/workflows/build-python.yml@refs/heads/main",
        "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void verifyArtifact_realGithubAttestationWithWorkflowClaims_verifiesOnlyWithTheInsecureFlags() {
    String[] claims = {"--certificate-github-workflow-repository", "actions/attest-demo",
        "--certificate-github-workflow-trigger", "workflow_dispatch",
        "--certificate-github-workflow-sha", "a6c23b9806c593664f68637c8f9d45dfcf98b2db",
        "--certificate-github-workflow-name", "Build package and publish to PyPI",
        "--certificate-github-workflow-ref", "refs/heads/main"};
    List<String> flags = new java.util.ArrayList<>(List.of(claims));
    flags.addAll(List.of("--insecure-ignore-tlog", "--insecure-ignore-sct"));
    Run ok = run(githubAttestation(flags.toArray(String[]::new)));
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().endsWith("Verified OK (dsse-attestation)\n"), ok.out());
    Run fork = run(githubAttestation("--certificate-github-workflow-repository", "evil/attest-demo",
        "--insecure-ignore-tlog", "--insecure-ignore-sct"));
    assertEquals(1, fork.code(), fork.out());
    assertTrue(fork.out().endsWith("Verification FAILED: certificate claim githubWorkflowRepository is "
        + "actions/attest-demo, expected evil/attest-demo\n"), fork.out());
    assertTrue(run(githubAttestation(claims)).out().endsWith("no transparency-log entry, and the log is required\n"));
    Run noSct = run(githubAttestation("--insecure-ignore-tlog"));
    assertTrue(noSct.out().endsWith("Verification FAILED: certificate has no embedded SCT\n"), noSct.out());
    Run withKey = run("verify-artifact", "sha256:" + "0".repeat(64), "--bundle", D
        + "derived-split/gh-cli__github_provenance_demo-bundle.json", "--key", "testdata/keys/cosign-test.pub",
        "--insecure-ignore-tlog", "--certificate-github-workflow-ref", "refs/heads/main");
    assertEquals(2, withKey.code(), withKey.err());
  }
}
