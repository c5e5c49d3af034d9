package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import dev.verdict.testing.Schemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verdict policy test} end to end: the shipped example tests, the harness's negative suites, errors. */
class PolicyTestCommandTest {
  private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");

  @TempDir
  Path dir;

  private static String golden(String name, String actual) throws Exception {
    Path file = Path.of("testdata/golden", name);
    if (Boolean.getBoolean("verdict.golden.update")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static long lines(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).count();
  }

  @Test
  void test_shippedExamples_allPass() throws Exception {
    Path junit = dir.resolve("reports/policy-tests.xml");

    Cli.Result r = Cli.run("policy", "test", "policies/tests", "--junit", junit.toString());

    assertEquals(0, r.code(), r.toString());
    Matcher m = SUMMARY.matcher(r.out());
    assertTrue(m.find(), r.out());
    long cases = lines(r.out(), "PASS ");
    assertTrue(cases >= 7, r.out());
    assertEquals(cases + " passed, 0 failed", m.group());
    assertEquals(0, lines(r.out(), "FAIL "));
    assertTrue(r.out().endsWith(m.group() + "\n"), "summary is the last line");
    assertTrue(r.out().contains("PASS key-signed/image signed with the release key is allowed (expected allow, got "
        + "allow)\n"), r.out());
    assertTrue(r.out().contains("PASS key-signed/unsigned image is denied (expected deny, got deny)\n"), r.out());
    String xml = Files.readString(junit);
    Schemas.validateJunit(xml);
    assertTrue(xml.contains("<testsuite name=\"key-signed\" tests=\"4\" failures=\"0\" errors=\"0\""), xml);
    assertTrue(xml.contains("file=\"policies/tests/key-signed.test.yaml\""), xml);
  }

  @Test
  void test_wrongExpectations_everyCaseFailsAndRunExitsOne() throws Exception {
    Cli.Result r = Cli.run("policy", "test", "testdata/policy-test/negative");

    assertEquals(1, r.code(), r.toString());
    assertEquals("", r.err());
    assertEquals(golden("policy-test.negative.txt", r.out()), r.out());
    assertEquals(0, lines(r.out(), "PASS "));
    assertTrue(r.out().endsWith("\n0 passed, 8 failed\n"), r.out());
  }

  @Test
  void test_junitOfFailures_validatesAndCarriesExpectedAndFound() throws Exception {
    Path junit = dir.resolve("t.xml");

    Cli.Result r = Cli.run("policy", "test", "testdata/policy-test/negative", "--format", "junit=" + junit);

    assertEquals(1, r.code(), r.toString());
    String xml = Files.readString(junit).replaceAll("time=\"[0-9.]+\"", "time=\"0\"");
    Schemas.validateJunit(xml);
    assertEquals(golden("policy-test.negative.junit.xml", xml), xml);
    assertTrue(xml.contains("<failure type=\"policy-test\" message=\"decision: expected allow, got deny\">"), xml);
  }

  @Test
  void test_junitToStandardOutput_replacesText() throws Exception {
    Cli.Result r = Cli.run("policy", "test", "testdata/policy-test/mixed/mixed.test.yaml", "--format", "junit");

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().startsWith("<?xml"), r.out());
    Schemas.validateJunit(r.out());
    assertTrue(r.out().contains("tests=\"2\" failures=\"1\""), r.out());
  }

  @Test
  void test_onePassOneFail_countsBothAndExitsOne() {
    Cli.Result r = Cli.run("policy", "test", "testdata/policy-test/mixed");

    assertEquals(1, r.code(), r.toString());
    assertEquals(List.of("PASS mixed/signed image is allowed (expected allow, got allow)",
        "FAIL mixed/unsigned image expected to warn (expected warn, got deny)",
        "       at testdata/policy-test/mixed/mixed.test.yaml:10",
        "       decision: expected warn, got deny",
        "       fail  signature [release-key]: no signature found",
        "       fail  signatures.threshold: only 0 of the 1 required authorities signed",
        "1 passed, 1 failed"), r.out().lines().toList());
  }

  @Test
  void test_malformedTestFiles_listsEveryErrorAndExitsThree() {
    Cli.Result r = Cli.run("policy", "test", "testdata/policy-test/malformed");

    assertEquals(3, r.code(), r.toString());
    assertEquals("", r.out());
    String f = "testdata/policy-test/malformed/errors.test.yaml";
    assertEquals(List.of(
        f + ":5:47: error: policies[1]: '../../../policies/missing.yaml' does not exist (looked for "
            + Path.of("policies/missing.yaml").toAbsolutePath() + "; paths are relative to the test file)",
        f + ":7:5: error: cases[0].expect: is required (one of allow, warn, deny, error, no-match)",
        f + ":9:5: error: cases[0].expct: unknown field (did you mean expect?)",
        f + ":12:13: error: cases[1].expect: unknown value 'pass' (use allow, warn, deny, error, no-match)",
        f + ":14:12: error: cases[2].image: OCI layout directory '../../layouts/nowhere' does not exist (looked for "
            + Path.of("testdata/layouts/nowhere").toAbsolutePath() + "; oci: paths are relative to the test file)",
        f + ":16:38: error: cases[2].checks[0].status: unknown value 'failed' (use pass, fail, warn, skip, error)",
        "testdata/policy-test/malformed/syntax.test.yaml:4:6: error: invalid YAML: expected ',' or '}', but got :",
        "verdict: 7 error(s) in policy tests or their policies; no case was run"), r.err().lines().toList());
  }

  @Test
  void test_brokenPolicy_isConfigErrorNamingThePolicyOnce() {
    Cli.Result r = Cli.run("policy", "test", "testdata/policy-test/bad-policy");

    assertEquals(3, r.code(), r.toString());
    assertEquals(List.of(Path.of("testdata/policy/bad/bad-mode.yaml").toAbsolutePath()
            + ":7:9: error: spec.mode: unknown value 'enforcing' (use enforce, warn, audit)",
        "verdict: 1 error(s) in policy tests or their policies; no case was run"), r.err().lines().toList());
  }

  @Test
  void test_missingPath_isConfigError() {
    Cli.Result r = Cli.run("policy", "test", "testdata/policy-test/none");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("testdata/policy-test/none: error: does not exist\n"), r.err());
  }

  @Test
  void test_usageErrors_exitTwo() {
    assertEquals(2, Cli.run("policy", "test").code());
    Cli.Result unknown = Cli.run("policy", "test", "policies/tests", "--format", "sarif");
    assertEquals(2, unknown.code(), unknown.toString());
    assertEquals("verdict: --format: unknown format 'sarif' (valid: text, junit)\n", unknown.err());
    Cli.Result twice = Cli.run("policy", "test", "policies/tests", "--format", "text", "--format", "junit");
    assertEquals(2, twice.code(), twice.toString());
    assertEquals("verdict: only one format may go to standard output (text and junit); write the others to files with "
        + "--format FMT=FILE\n", twice.err());
  }

  private Path testFile(String expect) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    return Files.writeString(dir.resolve("nomatch.test.yaml"), "apiVersion: verdict.dev/v1\nkind: PolicyTest\n"
        + "metadata: {name: nomatch}\npolicies: [" + root.resolve("policies/key-signed.yaml") + "]\ncases:\n"
        + "  - name: an image no policy covers\n    image: oci:" + root.resolve("testdata/layouts/acme-app-unsigned")
        + "\n    expect: " + expect + "\n");
  }

  @Test
  void test_denyOnlyBecauseNoPolicyMatched_failsWithHint() throws Exception {
    Cli.Result r = Cli.run("policy", "test", testFile("deny").toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("denied only because no policy matches"), r.out());
    assertTrue(r.out().contains("write expect: no-match if that is the point"), r.out());
  }

  @Test
  void test_expectNoMatch_passesOnlyWhenNoPolicyMatched() throws Exception {
    Cli.Result r = Cli.run("policy", "test", testFile("no-match").toString());
    assertEquals(0, r.code(), r.toString());
    Files.writeString(dir.resolve("nomatch.test.yaml"), Files.readString(dir.resolve("nomatch.test.yaml"))
        .replace("acme-app-unsigned", "hello-unsigned"));
    Cli.Result covered = Cli.run("policy", "test", dir.resolve("nomatch.test.yaml").toString());
    assertEquals(1, covered.code(), covered.toString());
    assertTrue(covered.out().contains("check policy.match: expected fail"), covered.out());
  }

  @Test
  void verify_policyDirectoryHoldingItsTests_loadsOnlyPolicies() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("key-signed.yaml"), Files.readString(Path.of("policies/key-signed.yaml"))
        .replace("../testdata/keys/", Path.of("testdata/keys").toAbsolutePath() + "/"));
    Files.copy(Path.of("policies/tests/key-signed.test.yaml"), policies.resolve("key-signed.test.yaml"));
    Cli.Result r = Cli.run("verify", "oci:testdata/layouts/hello", "--policy", policies.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(0, Cli.run("policy", "lint", policies.toString()).code());
  }

  /** testdata/layouts/hello without its io.containerd.image.name: a layout that names no image. */
  private Path unnamedHello() throws Exception {
    Path src = Path.of("testdata/layouts/hello");
    Path copy = dir.resolve("unnamed-hello");
    try (var files = Files.walk(src)) {
      for (Path p : files.toList()) {
        Files.copy(p, copy.resolve(src.relativize(p).toString()));
      }
    }
    String index = Files.readString(copy.resolve("index.json"));
    String stripped = index.replace("\"io.containerd.image.name\":\"registry.example/verdict/hello:1.0\",", "");
    assertTrue(!stripped.equals(index));
    Files.writeString(copy.resolve("index.json"), stripped);
    return copy;
  }

  private Cli.Result namedCase(Path layout, String layoutName) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Path f = Files.writeString(dir.resolve("named.test.yaml"), "apiVersion: verdict.dev/v1\nkind: PolicyTest\n"
        + "metadata: {name: named}\npolicies: [" + root.resolve("policies/key-signed.yaml") + "]\ncases:\n"
        + "  - name: the layout stands for registry.example/verdict/hello\n    image: oci:" + layout.toAbsolutePath()
        + "\n" + (layoutName == null ? "" : "    layoutName: " + layoutName + "\n") + "    expect: allow\n");
    return Cli.run("policy", "test", f.toString());
  }

  @Test
  void test_layoutWithoutName_namedInTestFile_judgedAsThatImage() throws Exception {
    Path layout = unnamedHello();
    Cli.Result unnamed = namedCase(layout, null);
    assertEquals(1, unnamed.code(), unnamed.toString());
    assertTrue(unnamed.out().contains("expected allow, got deny"), unnamed.out());
    Cli.Result named = namedCase(layout, "registry.example/verdict/hello:1.0");
    assertEquals(0, named.code(), named.toString());
  }

  @Test
  void test_layoutNameDisagreeingWithLayout_fails() throws Exception {
    Cli.Result r = namedCase(Path.of("testdata/layouts/hello"), "registry.example/verdict/other:1.0");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("layoutName: the layout declares its image as registry.example/verdict/hello:1.0, "
        + "not registry.example/verdict/other:1.0"), r.out());
  }

  @Test
  void test_layoutNameOnRegistryImage_exit3() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.test.yaml"), "apiVersion: verdict.dev/v1\nkind: PolicyTest\n"
        + "metadata: {name: bad}\npolicies: [" + Path.of("policies/key-signed.yaml").toAbsolutePath() + "]\n"
        + "cases:\n  - {name: x, image: ghcr.io/acme/app:1, layoutName: ghcr.io/acme/app, expect: deny}\n");
    Cli.Result r = Cli.run("policy", "test", f.toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("cases[0].layoutName: only an oci: layout needs a name"), r.err());
  }
}
