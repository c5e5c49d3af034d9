package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o FMT} names a format as in cosign and conftest; files go through {@code --format FMT=FILE}. */
class OutputConventionsTest {
  private static final String HELLO = "oci:testdata/layouts/hello";
  private static final String KEY = "testdata/keys/cosign-test.pub";
  private static final String SBOM = "testdata/sbom/juice-shop-cdx-1.4.json";

  @Test
  void verify_dashOJson_writesJsonToStdoutAndNoFile() {
    Cli.Result r = Cli.run("verify", HELLO, "--key", KEY, "-o", "json");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("{"), r.toString());
    assertTrue(r.out().contains("\"decision\""), r.toString());
    assertFalse(Files.exists(Path.of("json")), "-o json must not write a file named json");
  }

  @Test
  void verify_unknownFormat_exit2ListingValidNames() {
    for (List<String> flag : List.of(List.of("-o", "yaml"), List.of("--output", "yaml"), List.of("--format", "yaml"),
        List.of("--format", "yaml=out.yaml"))) {
      List<String> args = new java.util.ArrayList<>(List.of("verify", HELLO, "--key", KEY));
      args.addAll(flag);
      Cli.Result r = Cli.run(args.toArray(String[]::new));
      assertEquals(2, r.code(), flag + "\n" + r);
      assertTrue(r.err().contains("unknown format 'yaml' (valid: text, json, sarif, junit, markdown, github)"),
          r.toString());
    }
  }

  @Test
  void verify_dashOWithFileName_exit2PointingAtFormatFile() {
    Cli.Result r = Cli.run("verify", HELLO, "--key", KEY, "-o", "report.txt");
    assertEquals(2, r.code(), r.toString());
    assertEquals("verdict: -o/--output: unknown format 'report.txt' (valid: text, json, sarif, junit, markdown, "
        + "github); to write a file use --format FMT=FILE or --output-file FILE\n", r.err());
  }

  @Test
  void verify_formatFileAndOutputFile_writeEachView(@TempDir Path dir) throws Exception {
    Path sarif = dir.resolve("r.sarif");
    Path json = dir.resolve("sub/r.json");
    Cli.Result r = Cli.run("verify", HELLO, "--key", KEY, "-o", "json", "--output-file", json.toString(),
        "--format", "sarif=" + sarif);
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(Files.readString(json).contains("\"decision\""));
    assertTrue(Files.readString(sarif).contains("\"$schema\""));
  }

  @Test
  void verify_onlyFormatFile_textStillOnStdout(@TempDir Path dir) throws Exception {
    Path sarif = dir.resolve("r.sarif");
    Cli.Result r = Cli.run("verify", HELLO, "--key", KEY, "--format", "sarif=" + sarif);
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("ALLOW"), r.toString());
    assertTrue(Files.exists(sarif));
  }

  @Test
  void verify_twoFormatsToStdout_exit2() {
    Cli.Result r = Cli.run("verify", HELLO, "--key", KEY, "-o", "json", "--format", "sarif");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("only one format may go to standard output (json and sarif)"), r.toString());
  }

  @Test
  void sbomCheck_dashOJson_writesJson() {
    Cli.Result r = Cli.run("sbom", "check", SBOM, "--deny-license", "AGPL-3.0-only", "-o", "json");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("{"), r.toString());
  }

  @Test
  void inspect_dashOJson_writesJson() {
    Cli.Result r = Cli.run("inspect", HELLO, "-o", "json");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\"apiVersion\" : \"verdict.dev/inspect/v1\""), r.toString());
    Cli.Result bad = Cli.run("inspect", HELLO, "-o", "sarif");
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().contains("unknown format 'sarif' (valid: text, json)"), bad.toString());
  }

  @Test
  void policyTest_dashOJunit_writesJunit() {
    Cli.Result r = Cli.run("policy", "test", "policies/tests", "-o", "junit");
    assertTrue(r.out().startsWith("<?xml"), r.toString());
    Cli.Result bad = Cli.run("policy", "test", "policies/tests", "-o", "json");
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().contains("unknown format 'json' (valid: text, junit)"), bad.toString());
  }

  @Test
  void verifyArtifact_dashOJsonAndTextFile_writesBoth(@TempDir Path dir) throws Exception {
    String d = VerifyArtifactCommandTest.JAVA;
    Path text = dir.resolve("a.txt");
    Cli.Result r = Cli.run("verify-artifact", d + "artifact.txt", "--bundle", d + "bundle.v3.sigstore",
        "--certificate-identity", "appu@google.com", "--certificate-oidc-issuer", "https://accounts.google.com",
        "--trusted-root", VerifyArtifactCommandTest.PROD, "-o", "json", "--format", "text=" + text);
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\"verified\" : true"), r.toString());
    assertTrue(Files.readString(text).endsWith("Verified OK (message-signature)\n"));
  }

  @Test
  void verify_failOnNever_deniedImageExitsZeroButStillReportsDeny() {
    Cli.Result r = Cli.run("verify", "oci:testdata/layouts/hello-unsigned", "--key", KEY, "--fail-on", "never");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("DENY"), r.toString());
    assertEquals(1, Cli.run("verify", "oci:testdata/layouts/hello-unsigned", "--key", KEY).code());
  }

  @Test
  void verify_failOnNever_usageAndConfigErrorsStillFail() {
    assertEquals(3, Cli.run("verify", HELLO, "--key", "testdata/keys/none.pub", "--fail-on", "never").code());
    assertEquals(2, Cli.run("verify", HELLO, "--key", KEY, "--fail-on", "sometimes").code());
  }

  @Test
  void sbomCheck_denyLicenseList_deniesEach() {
    Cli.Result r = Cli.run("sbom", "check", SBOM, "--deny-license", "MIT-0,GPL-2.0-only");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("license GPL-2.0 cannot avoid MIT-0, GPL-2.0-only"), r.toString());
  }
}
