package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.engine.EngineOptions;
import dev.verdict.engine.RoutingImageSource;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicyTestLoader;
import dev.verdict.policy.PolicyTestSuite;
import dev.verdict.result.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: a case passes only on the expected decision and checks, and fails otherwise. */
class PolicyTestRunnerTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  @TempDir
  Path dir;

  /** Runs one case of {@code policies/key-signed.yaml} on {@code image} (an absolute oci: reference). */
  private PolicyTestRunner.CaseResult run(String image, String expect, String checks) throws IOException {
    Path f = Files.writeString(dir.resolve("t.test.yaml"), """
        apiVersion: verdict.dev/v1
        kind: PolicyTest
        metadata: {name: t}
        policies: [%s]
        cases:
          - name: c
            image: %s
            expect: %s
        %s""".formatted(ROOT.resolve("policies/key-signed.yaml"), image, expect,
        checks.isEmpty() ? "" : "    checks: " + checks + "\n"));
    PolicyTestRunner.SuiteResult r = run(f);
    assertEquals(1, r.cases().size());
    return r.cases().get(0);
  }

  private static String layout(String name) {
    return "oci:" + ROOT.resolve("testdata/layouts").resolve(name);
  }

  @Test
  void run_expectedDecisionAndChecks_passes() throws IOException {
    PolicyTestRunner.CaseResult c = run(layout("hello"), "allow",
        "[{id: signature, subject: release-key, status: pass}, {id: signatures.threshold, policy: key-signed, "
            + "status: pass}]");

    assertTrue(c.passed(), c.problems().toString());
    assertEquals(Decision.ALLOW, c.result().decision());
  }

  @Test
  void run_expectsAllowWherePolicyDenies_fails() throws IOException {
    PolicyTestRunner.CaseResult c = run(layout("hello-unsigned"), "allow", "");

    assertFalse(c.passed());
    assertEquals(List.of("decision: expected allow, got deny"), c.problems());
  }

  @Test
  void run_expectsDenyWherePolicyAllows_fails() throws IOException {
    PolicyTestRunner.CaseResult c = run(layout("hello"), "deny", "");

    assertEquals(List.of("decision: expected deny, got allow"), c.problems());
  }

  @Test
  void run_rightDecisionWrongCheckStatus_fails() throws IOException {
    PolicyTestRunner.CaseResult c = run(layout("hello-other-key"), "deny",
        "[{id: signature, subject: release-key, status: pass}]");

    assertEquals(1, c.problems().size());
    assertTrue(c.problems().get(0).startsWith("check signature [release-key]: expected pass, got fail: no valid "
        + "signature by release-key: signature 1 (layer "), c.problems().get(0));
  }

  @Test
  void run_missingCheck_fails() throws IOException {
    PolicyTestRunner.CaseResult c = run(layout("hello"), "allow",
        "[{id: signature, subject: other-key, status: pass}, {id: signature, policy: other, status: pass}]");

    assertEquals(List.of(
        "check signature [other-key]: expected pass, not in the result (checks: image.resolve, signature "
            + "[release-key], signatures.threshold)",
        "check signature (policy other): expected pass, not in the result (checks: image.resolve, signature "
            + "[release-key], signatures.threshold)"), c.problems());
  }

  @Test
  void run_imageThatCannotBeRead_isErrorAndFailsUnlessExpected() throws IOException {
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");

    PolicyTestRunner.CaseResult expectedAllow = run("oci:" + broken, "allow", "");
    PolicyTestRunner.CaseResult expectedError = run("oci:" + broken, "error",
        "[{id: image.verify, status: error}]");

    assertEquals(Decision.ERROR, expectedAllow.result().decision());
    assertEquals(List.of("decision: expected allow, got error"), expectedAllow.problems());
    assertTrue(expectedError.passed(), expectedError.problems().toString());
  }

  @Test
  void run_sbomCase_judgedByTheSuitesSbomRules_attestationFilesRun() throws IOException {
    Path f = Files.writeString(dir.resolve("t.test.yaml"), """
        apiVersion: verdict.dev/v1
        kind: PolicyTest
        metadata: {name: t}
        policies: [%s]
        now: 2026-11-24T00:00:00Z
        cases:
          - {name: att, image: "%s", expect: allow, attestations: [%s]}
          - {name: clean, sbom: %s, expect: allow, checks: [{id: sbom, status: pass}]}
          - {name: log4j, sbom: %s, expect: allow}
        """.formatted(ROOT.resolve("policies/sbom-licenses.yaml"), layout("shop-web"),
        ROOT.resolve("testdata/attestations/shop-web.sbom-clean.dsse.json"),
        ROOT.resolve("testdata/sbom/shop-web.clean.cdx.json"), ROOT.resolve("testdata/sbom/shop-web.log4j.cdx.json")));

    PolicyTestRunner.SuiteResult r = run(f);

    assertTrue(r.cases().get(0).passed(), r.cases().get(0).problems().toString());
    assertTrue(r.cases().get(1).passed(), r.cases().get(1).problems().toString());
    assertEquals(ROOT.resolve("testdata/sbom/shop-web.clean.cdx.json").toString(),
        r.cases().get(1).result().reference());
    PolicyTestRunner.CaseResult log4j = r.cases().get(2);
    assertEquals(Decision.DENY, log4j.result().decision());
    assertEquals(List.of("decision: expected allow, got deny"), log4j.problems());
    assertEquals(List.of("sbom.deniedPackages pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
        log4j.result().checks().stream().map(c -> c.id() + " " + c.subject()).toList());
    assertEquals(1, r.failed());
  }

  @Test
  void run_sbomCase_withoutSbomRules_orUnparsableFile_failsWithoutAVerdict() throws IOException {
    Files.writeString(dir.resolve("broken.json"), "{\"bomFormat\": ");
    Path f = Files.writeString(dir.resolve("t.test.yaml"), """
        apiVersion: verdict.dev/v1
        kind: PolicyTest
        metadata: {name: t}
        policies: [%s]
        cases:
          - {name: no rules, sbom: %s, expect: allow}
        """.formatted(ROOT.resolve("policies/key-signed.yaml"), ROOT.resolve("testdata/sbom/shop-web.clean.cdx.json")));
    Path g = Files.writeString(dir.resolve("u.test.yaml"), """
        apiVersion: verdict.dev/v1
        kind: PolicyTest
        metadata: {name: u}
        policies: [%s]
        cases:
          - {name: broken, sbom: broken.json, expect: deny}
        """.formatted(ROOT.resolve("policies/sbom-licenses.yaml")));

    PolicyTestRunner.CaseResult noRules = run(f).cases().get(0);
    PolicyTestRunner.CaseResult broken = run(g).cases().get(0);

    assertNull(noRules.result());
    assertEquals(List.of("sbom: the suite's policies have no sbom or vulnerabilities rules to judge "
        + ROOT.resolve("testdata/sbom/shop-web.clean.cdx.json") + " with"), noRules.problems());
    assertNull(broken.result());
    assertEquals(1, broken.problems().size());
    assertTrue(broken.problems().get(0).startsWith("sbom: ") && broken.problems().get(0).contains("broken.json"),
        broken.problems().toString());
  }

  /** Loads {@code testFile} (which must load without findings) and runs its one suite. */
  private static PolicyTestRunner.SuiteResult run(Path testFile) {
    PolicyTestLoader.Result loaded = PolicyTestLoader.load(List.of(testFile));
    assertEquals(List.of(), loaded.findings());
    PolicyTestSuite suite = loaded.suites().get(0);
    try (RoutingImageSource source = new RoutingImageSource(RegistryOptions.defaults())) {
      return new PolicyTestRunner(source, EngineOptions.defaults(), Duration.ofSeconds(30))
          .run(suite, PolicyLoader.load(suite.policies()));
    } catch (dev.verdict.ConfigException e) {
      throw new AssertionError(e);
    }
  }
}
