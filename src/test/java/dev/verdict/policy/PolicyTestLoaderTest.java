package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.result.Decision;
import dev.verdict.result.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code kind: PolicyTest} files: what loads, and the exact one-line message of every error class. */
class PolicyTestLoaderTest {
  private static final String VALID = """
      apiVersion: verdict.dev/v1
      kind: PolicyTest
      metadata: {name: suite}
      policies: [policy.yaml]
      cases:
        - name: signed
          image: oci:layouts/img:1.0
          expect: allow
          checks:
            - {id: signature, subject: release, status: pass}
            - {id: signatures.threshold, policy: p, status: pass}
        - name: registry image
          image: ghcr.io/acme/app:1.0
          expect: deny
          attestations: [evidence/att.json]
        - name: sbom file
          sbom: evidence/sbom.json
          expect: deny
      """;

  @TempDir
  Path dir;

  @BeforeEach
  void inputs() throws IOException {
    TestPolicies.ecKey(dir, "keys/release.pub");
    TestPolicies.write(dir, "policy.yaml", TestPolicies.keySigned("p"));
    Files.createDirectories(dir.resolve("layouts/img"));
    TestPolicies.write(dir, "evidence/att.json", "{}");
    TestPolicies.write(dir, "evidence/sbom.json", "{}");
  }

  /** Writes {@code yaml} as t.test.yaml and returns every finding, file name cut off. */
  private List<String> errors(String yaml) {
    Path f = TestPolicies.write(dir, "t.test.yaml", yaml);
    PolicyTestLoader.Result r = PolicyTestLoader.load(List.of(f));
    assertTrue(r.hasErrors(), "expected errors");
    assertTrue(r.suites().isEmpty(), "a suite with errors must not load");
    return r.findings().stream().map(x -> x.toString().substring(f.toString().length())).toList();
  }

  private List<String> errorsIn(String from, String to) {
    assertTrue(VALID.contains(from), from);
    return errors(VALID.replace(from, to));
  }

  @Test
  void load_validFile_resolvesPathsAgainstTheTestFile() {
    Path f = TestPolicies.write(dir, "t.test.yaml", VALID);

    PolicyTestLoader.Result r = PolicyTestLoader.load(List.of(f));

    assertEquals(List.of(), r.findings());
    PolicyTestSuite s = r.suites().get(0);
    assertEquals("suite", s.name());
    assertEquals(List.of(dir.resolve("policy.yaml").toAbsolutePath().normalize()), s.policies());
    PolicyTestCase signed = s.cases().get(0);
    assertEquals("oci:layouts/img:1.0", signed.image());
    assertEquals(dir.resolve("layouts/img").toAbsolutePath().normalize(), signed.reference().layout());
    assertEquals("1.0", signed.reference().tag());
    assertEquals(Decision.ALLOW, signed.expect());
    assertEquals(6, signed.location().line());
    assertEquals(List.of(
        new PolicyTestCase.ExpectedCheck("signature", "release", null, Status.PASS, signed.checks().get(0).location()),
        new PolicyTestCase.ExpectedCheck("signatures.threshold", null, "p", Status.PASS,
            signed.checks().get(1).location())), signed.checks());
    assertEquals(10, signed.checks().get(0).location().line());
    PolicyTestCase registry = s.cases().get(1);
    assertEquals("ghcr.io/acme/app:1.0", registry.reference().toString());
    assertEquals(Decision.DENY, registry.expect());
    assertEquals(List.of(dir.resolve("evidence/att.json").toAbsolutePath().normalize()), registry.attestations());
    assertNull(registry.sbom());
    PolicyTestCase sbom = s.cases().get(2);
    assertEquals("evidence/sbom.json", sbom.sbom());
    assertEquals(dir.resolve("evidence/sbom.json").toAbsolutePath().normalize(), sbom.sbomFile());
    assertNull(sbom.image());
    assertNull(sbom.reference());
    assertEquals(List.of(), sbom.attestations());
    assertEquals("evidence/sbom.json", sbom.target());
  }

  @Test
  void load_sbomCase_imageOrSbomNotBoth_noAttestations_fileMustExist() {
    assertEquals(List.of(":17:11: error: cases[2].sbom: a case judges an image or an SBOM file, not both"),
        errorsIn("    sbom: evidence/sbom.json\n", "    sbom: evidence/sbom.json\n    image: oci:layouts/img\n"));
    assertEquals(List.of(":18:19: error: cases[2].attestations: attestation files are evidence for an image; an SBOM "
        + "case has none"), errorsIn("    sbom: evidence/sbom.json\n",
            "    sbom: evidence/sbom.json\n    attestations: [evidence/att.json]\n"));
    assertEquals(List.of(":17:11: error: cases[2].sbom: file 'missing.json' does not exist or is not readable "
        + "(looked for " + dir.resolve("missing.json") + "; paths are relative to the test file)"),
        errorsIn("sbom: evidence/sbom.json", "sbom: missing.json"));
    assertEquals(List.of(":16:5: error: cases[2].image: is required (oci:PATH relative to this file, a registry "
        + "reference, or give sbom: FILE instead)"), errorsIn("    sbom: evidence/sbom.json\n", ""));
  }

  @Test
  void load_now_pinsTheClock_invalidTimeIsPositionedError() {
    Path f = TestPolicies.write(dir, "t.test.yaml", VALID.replace("policies: [policy.yaml]",
        "policies: [policy.yaml]\nnow: 2026-11-24T00:00:00Z"));
    PolicyTestLoader.Result r = PolicyTestLoader.load(List.of(f));
    assertEquals(List.of(), r.findings());
    assertEquals(java.time.Instant.parse("2026-11-24T00:00:00Z"), r.suites().get(0).now());
    assertNull(PolicyTestLoader.load(List.of(TestPolicies.write(dir, "u.test.yaml", VALID))).suites().get(0).now());
    assertEquals(List.of(":5:6: error: now: invalid time 'yesterday' (an RFC 3339 UTC time such as "
        + "2026-11-24T00:00:00Z)"), errorsIn("policies: [policy.yaml]", "policies: [policy.yaml]\nnow: yesterday"));
  }

  @Test
  void load_unknownField_suggestsNearestName() {
    assertEquals(List.of(":6:5: error: cases[0].expect: is required (one of allow, warn, deny, error, no-match)",
        ":8:5: error: cases[0].expct: unknown field (did you mean expect?)"), errorsIn("    expect: allow", "    expct: allow"));
    assertEquals(List.of(
        ":1:1: error: policies: is required (list the policy files or directories to test, relative to this file)",
        ":4:1: error: polices: unknown field (did you mean policies?)"), errorsIn("policies:", "polices:"));
  }

  @Test
  void load_badDecisionAndStatus_listAcceptedValues() {
    assertEquals(List.of(":8:13: error: cases[0].expect: unknown value 'pass' (use allow, warn, deny, error, no-match)"),
        errorsIn("expect: allow", "expect: pass"));
    assertEquals(List.of(":10:51: error: cases[0].checks[0].status: unknown value 'passed' (use pass, fail, warn, "
        + "skip, error)"), errorsIn("release, status: pass", "release, status: passed"));
    assertEquals(List.of(":10:9: error: cases[0].checks[0].id: is required (the check id, e.g. signature)"),
        errorsIn("{id: signature, subject", "{subject"));
  }

  @Test
  void load_missingInputs_namePathLookedFor() {
    assertEquals(List.of(":4:12: error: policies[0]: 'nope.yaml' does not exist (looked for " + dir.resolve("nope.yaml")
        + "; paths are relative to the test file)"), errorsIn("[policy.yaml]", "[nope.yaml]"));
    assertEquals(List.of(":7:12: error: cases[0].image: OCI layout directory 'layouts/none' does not exist (looked for "
        + dir.resolve("layouts/none") + "; oci: paths are relative to the test file)"),
        errorsIn("oci:layouts/img:1.0", "oci:layouts/none"));
    assertEquals(List.of(":15:20: error: cases[1].attestations[0]: file 'evidence/none.json' does not exist or is not "
        + "readable (looked for " + dir.resolve("evidence/none.json") + "; paths are relative to the test file)"),
        errorsIn("[evidence/att.json]", "[evidence/none.json]"));
  }

  @Test
  void load_invalidReference_isPositionedError() {
    assertEquals(List.of(":13:12: error: cases[1].image: invalid image reference 'ghcr.io/Acme/app:1.0': invalid "
        + "repository name 'Acme/app' (must be lowercase)"), errorsIn("ghcr.io/acme/app", "ghcr.io/Acme/app"));
  }

  @Test
  void load_duplicateCaseName_namesFirstLine() {
    assertEquals(List.of(":12:11: error: cases[1].name: duplicate case name 'signed' (first at line 6; case names "
        + "must be unique in a file)"), errorsIn("name: registry image", "name: signed"));
  }

  @Test
  void load_wrongKindOrVersion_isError() {
    assertEquals(List.of(":2:7: error: kind: unsupported kind 'ImagePolicy' (policy test files hold kind: PolicyTest)"),
        errorsIn("kind: PolicyTest", "kind: ImagePolicy"));
    assertEquals(List.of(":1:13: error: apiVersion: unsupported version 'verdict.dev/v2' (use verdict.dev/v1)"),
        errorsIn("verdict.dev/v1", "verdict.dev/v2"));
  }

  @Test
  void load_emptyCasesAndWrongTypes_areErrors() {
    assertEquals(List.of(":5:8: error: cases: must not be empty"), errors(VALID.substring(0, VALID.indexOf("cases:"))
        + "cases: []\n"));
    assertEquals(List.of(":4:11: error: policies: expected a list, got a string (write [a, b] or one '- item' per line)"),
        errorsIn("[policy.yaml]", "policy.yaml"));
    assertEquals(List.of(":1:1: error: a policy test is a mapping with apiVersion, kind, metadata, policies and cases, "
        + "not a list"), errors("- a\n- b\n"));
  }

  @Test
  void load_everyErrorOfAFile_isListedInLineOrder() {
    List<String> found = errors(VALID.replace("expect: allow", "expect: maybe").replace("[policy.yaml]", "[x.yaml]")
        .replace("ghcr.io/acme", "ghcr.io/ACME"));
    assertEquals(3, found.size(), found.toString());
    assertTrue(found.get(0).startsWith(":4:12: error: policies[0]:"), found.toString());
    assertTrue(found.get(1).startsWith(":8:13: error: cases[0].expect:"), found.toString());
    assertTrue(found.get(2).startsWith(":13:12: error: cases[1].image:"), found.toString());
  }

  @Test
  void load_yamlSyntaxErrorEmptyFileOrTwoDocuments_isError() {
    assertEquals(List.of(":4:6: error: invalid YAML: expected ',' or '}', but got <block mapping start>"),
        errors("apiVersion: verdict.dev/v1\nkind: PolicyTest\nmetadata: {name: x\ncases: []\n").stream()
            .map(s -> s.replaceAll("but got .*", "but got <block mapping start>")).toList());
    assertEquals(List.of(": error: empty file (expected one kind: PolicyTest document)"), errors("# nothing\n"));
    assertEquals(List.of(":20:1: error: a policy test file holds one document (move this one to a file of its own)"),
        errors(VALID + "---\n" + VALID));
  }

  @Test
  void load_directory_findsTestFilesRecursivelySorted() throws IOException {
    String body = VALID.replace("[policy.yaml]", "[../policy.yaml]").replace("oci:layouts", "oci:../layouts")
        .replace("evidence/", "../evidence/");
    TestPolicies.write(dir, "tests/b.test.yml", body.replace("name: suite", "name: b"));
    TestPolicies.write(dir, "tests/a.test.yaml", body.replace("name: suite", "name: a"));
    TestPolicies.write(dir, "tests/deeper/c.test.yaml", body.replace("name: suite", "name: c").replace("../", "../../"));
    TestPolicies.write(dir, "tests/not-a-test.yaml", "this: is ignored");
    TestPolicies.write(dir, "tests/.hidden/d.test.yaml", "broken: [");

    PolicyTestLoader.Result r = PolicyTestLoader.load(List.of(dir.resolve("tests")));

    assertEquals(List.of(), r.findings());
    assertEquals(List.of("a", "b", "c"), r.suites().stream().map(PolicyTestSuite::name).toList());
  }

  @Test
  void load_missingPathOrDirectoryWithoutTests_isError() throws IOException {
    Files.createDirectories(dir.resolve("empty"));

    PolicyTestLoader.Result r = PolicyTestLoader.load(List.of(dir.resolve("none"), dir.resolve("empty")));

    assertFalse(r.suites().size() > 0);
    assertEquals(List.of(dir.resolve("none") + ": error: does not exist",
        dir.resolve("empty") + ": error: no policy test files (*.test.yaml, *.test.yml) under directory"),
        r.findings().stream().map(Finding::toString).toList());
    assertNull(r.findings().get(0).field());
  }
}
