package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A report that cannot be written, in every format: one line naming the format and the file, the other formats still
 * written, and the decision's exit code kept (a deny stays 1); only an allow becomes 4, never a success.
 */
class ReportWriteTest {
  static final String KEY = "testdata/keys/cosign-test.pub";
  static final String SIGNED = "oci:testdata/layouts/hello";
  static final String UNSIGNED = "oci:testdata/layouts/hello-unsigned";
  @TempDir
  Path dir;

  static void assertOneLine(Cli.Result r, int exit, String format, String file, String why) {
    assertEquals(exit, r.code(), r.toString());
    List<String> err = r.err().lines().toList();
    assertEquals(1, err.size(), r.toString());
    assertEquals("verdict: could not write the " + format + " report to " + file + ": " + why, err.get(0));
    assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), r.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "sarif", "junit", "markdown", "github"})
  void verify_allowedButReportFileIsADirectory_exit4NamingIt(String format) throws Exception {
    Path target = Files.createDirectories(dir.resolve("out." + format));
    Cli.Result r = Cli.run("verify", SIGNED, "--key", KEY, "--format", format + "=" + target);
    assertOneLine(r, 4, format, target.toString(), "is a directory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "sarif", "junit", "markdown", "github"})
  void verify_deniedAndReportOnAFullDisk_staysDeny(String format) {
    assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
    Cli.Result r = Cli.run("verify", UNSIGNED, "--key", KEY, "--format", format + "=/dev/full");
    assertOneLine(r, 1, format, "/dev/full", "No space left on device");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "sarif", "junit", "markdown", "github"})
  void verify_allowedAndReportOnAFullDisk_exit4(String format) {
    assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
    Cli.Result r = Cli.run("verify", SIGNED, "--key", KEY, "--format", format + "=/dev/full");
    assertOneLine(r, 4, format, "/dev/full", "No space left on device");
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "sarif", "junit"})
  void verify_oneReportFails_theOthersAreStillWritten(String format) throws Exception {
    Path target = Files.createDirectories(dir.resolve("taken"));
    Path ok = dir.resolve("ok.md");
    Cli.Result r = Cli.run("verify", UNSIGNED, "--key", KEY, "--format", "text", "--format", format + "=" + target,
        "--format", "markdown=" + ok);
    assertOneLine(r, 1, format, target.toString(), "is a directory");
    assertTrue(r.out().contains("DENY"), r.out());
    assertTrue(Files.readString(ok).contains("deny"), Files.readString(ok));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void sbomCheck_reportFileIsADirectory_keepsTheDecision(String format) throws Exception {
    Path target = Files.createDirectories(dir.resolve("sbom." + format));
    String sbom = "testdata/sbom/dropwizard-cdx-1.2.json";
    Cli.Result pass = Cli.run("sbom", "check", sbom, "--deny-license", "AGPL-3.0-only", "--format",
        format + "=" + target);
    assertOneLine(pass, 4, format, target.toString(), "is a directory");
    Cli.Result fail = Cli.run("sbom", "check", sbom, "--deny-license", "Apache-2.0",
        "--format", format + "=" + target);
    assertOneLine(fail, 1, format, target.toString(), "is a directory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "junit"})
  void policyTest_reportFileIsADirectory_passBecomes4(String format) throws Exception {
    Path target = Files.createDirectories(dir.resolve("policy-test." + format));
    Cli.Result r = Cli.run("policy", "test", "policies/tests/key-signed.test.yaml", "--format", format + "=" + target);
    assertOneLine(r, 4, format, target.toString(), "is a directory");
  }
}
