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

/**
 * {@code kind: SbomPolicy} through the command line: {@code sbom check} and {@code policy test} judge SBOM files by
 * it exactly as by the same rules in an ImagePolicy attestation rule, {@code policy lint} checks it, and
 * {@code verify} never lets it decide an image.
 */
class SbomPolicyCliTest {
  private static final String NOW = "2026-11-24T00:00:00Z";
  private static final String SBOM_ONLY = "policies/sbom-only.yaml";
  private static final String IMAGE_FORM = "policies/sbom-licenses.yaml";

  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void sbomCheck_sbomPolicy_sameVerdictsAndViolationsAsTheImagePolicyForm() {
    for (String bom : List.of("clean", "log4j", "agpl")) {
      String file = "testdata/sbom/shop-web." + bom + ".cdx.json";
      Cli.Result sbomPolicy = Cli.run("sbom", "check", file, "--policy", SBOM_ONLY, "--now", NOW);
      Cli.Result imagePolicy = Cli.run("sbom", "check", file, "--policy", IMAGE_FORM, "--now", NOW);

      assertEquals(bom.equals("clean") ? 0 : 1, sbomPolicy.code(), sbomPolicy.toString());
      assertEquals(imagePolicy.code(), sbomPolicy.code(), bom);
      assertEquals(imagePolicy.out(), sbomPolicy.out(), bom);
      assertEquals("", sbomPolicy.err(), bom);
    }
    Cli.Result agpl = Cli.run("sbom", "check", "testdata/sbom/shop-web.agpl.cdx.json", "--policy", SBOM_ONLY,
        "--now", NOW);
    assertTrue(agpl.out().contains("deniedLicenses pkg:generic/ghostscript@10.0.0"), agpl.out());
    assertFalse(agpl.out().contains("lodash"), agpl.out()); // MIT OR AGPL-3.0-only can avoid AGPL
  }

  @Test
  void sbomCheck_sbomPolicyMaxAge_judgedAtNow() {
    Cli.Result stale = Cli.run("sbom", "check", "testdata/sbom/shop-web.clean.cdx.json", "--policy", SBOM_ONLY,
        "--now", "2027-01-01T00:00:00Z");
    assertEquals(1, stale.code(), stale.toString());
    assertTrue(stale.out().contains("maxAge"), stale.out());
  }

  @Test
  void sbomCheck_juiceShopAsSbomPolicy_sameOutputAsTheKeyedImagePolicy() {
    String bom = "testdata/sbom/juice-shop-cdx-1.4.json";
    Cli.Result old = Cli.run("sbom", "check", bom, "--policy", "testdata/sbom-policy/juice-shop.yaml");
    Cli.Result converted = Cli.run("sbom", "check", bom, "--policy",
        "testdata/sbom-policy/juice-shop.sbompolicy.yaml");

    assertEquals(1, converted.code(), converted.toString());
    assertEquals(old.code(), converted.code());
    assertEquals(old.out(), converted.out());
    assertEquals("FAIL " + bom + "\n"
        + "  deniedLicenses pkg:npm/fuzzball@1.4.0: license GPL-2.0 cannot avoid GPL-2.0-only\n"
        + "  deniedPackages pkg:npm/lodash@2.4.2: package matches denied pkg:npm/lodash@<4.17.21\n",
        converted.out());
  }

  @Test
  void sbomCheck_vulnerabilitiesBlockWithVex_appliesAsTheRuleDoes() throws Exception {
    String app = Path.of("testdata/sbom/vex-app.cdx.json").toAbsolutePath().toString();
    String vex = Path.of("testdata/sbom/vex-this-product.openvex.json").toAbsolutePath().toString();
    Path strict = write("strict.yaml", """
        apiVersion: verdict.dev/v1
        kind: SbomPolicy
        metadata: {name: strict}
        spec:
          vulnerabilities: {maxSeverity: high}
        """);
    Path withVex = write("with-vex.yaml", """
        apiVersion: verdict.dev/v1
        kind: SbomPolicy
        metadata: {name: with-vex}
        spec:
          vulnerabilities: {maxSeverity: high, vex: ["%s"]}
        """.formatted(vex));

    Cli.Result denied = Cli.run("sbom", "check", app, "--policy", strict.toString());
    Cli.Result suppressed = Cli.run("sbom", "check", app, "--policy", withVex.toString());

    assertEquals(1, denied.code(), denied.toString());
    assertTrue(denied.out().contains("maxSeverity CVE-2021-44228"), denied.out());
    assertEquals(0, suppressed.code(), suppressed.toString());
    assertTrue(suppressed.out().contains("  vex: CVE-2021-44228"), suppressed.out());
  }

  @Test
  void sbomCheck_directoryMixingBothKinds_appliesBoth() throws Exception {
    Path mixed = Files.createDirectory(dir.resolve("mixed"));
    Files.writeString(mixed.resolve("licenses.yaml"), """
        apiVersion: verdict.dev/v1
        kind: SbomPolicy
        metadata: {name: licenses}
        spec:
          sbom: {deniedLicenses: [GPL-2.0-only]}
        ---
        apiVersion: verdict.dev/v1
        kind: SbomPolicy
        metadata: {name: packages}
        spec:
          sbom: {deniedPackages: ["pkg:npm/lodash@<4.17.21"]}
        """);

    Cli.Result r = Cli.run("sbom", "check", "testdata/sbom/juice-shop-cdx-1.4.json", "--policy", mixed.toString());

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("deniedLicenses pkg:npm/fuzzball@1.4.0") && r.out().contains(
        "deniedPackages pkg:npm/lodash@2.4.2"), r.out());
  }

  @Test
  void policyLint_sbomPolicyExample_noFindings() {
    Cli.Result r = Cli.run("policy", "lint", SBOM_ONLY);
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.out());
  }

  @Test
  void policyLint_badSbomPolicies_errorsWithPositionsAndHints() {
    Cli.Result misspelt = Cli.run("policy", "lint", "testdata/policy/bad/sbom-policy-misspelt.yaml");
    assertEquals(3, misspelt.code(), misspelt.toString());
    assertEquals("testdata/policy/bad/sbom-policy-misspelt.yaml:6:10: error: spec.sbom.deniedLicences: unknown "
        + "field (did you mean deniedLicenses?)\n", misspelt.out());

    Cli.Result images = Cli.run("policy", "lint", "testdata/policy/bad/sbom-policy-with-images.yaml");
    assertEquals(3, images.code(), images.toString());
    assertEquals("testdata/policy/bad/sbom-policy-with-images.yaml:6:3: error: spec.images: unknown field "
        + "(known: sbom, vulnerabilities)\n", images.out());

    Cli.Result empty = Cli.run("policy", "lint", "testdata/policy/bad/sbom-policy-requires-nothing.yaml");
    assertEquals(3, empty.code(), empty.toString());
    assertTrue(empty.out().startsWith("testdata/policy/bad/sbom-policy-requires-nothing.yaml:6:3: error: spec: "
        + "policy requires nothing"), empty.out());
  }

  @Test
  void policyLint_sbomPolicyRules_validatedAsAnAttestationRulesBlocks() throws Exception {
    Path p = write("p.yaml", """
        apiVersion: verdict.dev/v1
        kind: SbomPolicy
        metadata: {name: p}
        spec:
          sbom:
            deniedLicenses: [NOT A LICENSE(]
            deniedPackages: [npm/lodash]
            requiredFields: [suplier]
            maxAge: a month
          vulnerabilities: {maxSeverity: severe, vex: [missing.json]}
        """);
    Path noSpec = write("empty-spec.yaml", """
        apiVersion: verdict.dev/v1
        kind: SbomPolicy
        metadata: {name: q}
        spec: {}
        """);

    Cli.Result r = Cli.run("policy", "lint", p.toString());
    Cli.Result none = Cli.run("policy", "lint", noSpec.toString());

    assertEquals(3, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(6, lines.size(), r.out());
    assertTrue(lines.get(0).startsWith(p + ":6:22: error: spec.sbom.deniedLicenses[0]: "), r.out());
    assertTrue(lines.get(1).startsWith(p + ":7:22: error: spec.sbom.deniedPackages[0]: 'npm/lodash' is not a "
        + "package URL"), r.out());
    assertEquals(p + ":8:22: error: spec.sbom.requiredFields[0]: unknown field 'suplier' (did you mean supplier?)",
        lines.get(2));
    assertTrue(lines.get(3).startsWith(p + ":9:13: error: spec.sbom.maxAge: invalid duration 'a month'"), r.out());
    assertTrue(lines.get(4).startsWith(p + ":10:34: error: spec.vulnerabilities.maxSeverity: unknown value "
        + "'severe'"), r.out());
    assertTrue(lines.get(5).startsWith(p + ":10:48: error: spec.vulnerabilities.vex[0]: file 'missing.json' does "
        + "not exist"), r.out());
    assertEquals(3, none.code(), none.toString());
    assertTrue(none.out().startsWith(noSpec + ":4:7: error: spec: policy requires nothing; add sbom"), none.out());
  }

  @Test
  void policyLint_sbomPolicyWithEmptyBlockBesideRules_warns() throws Exception {
    Path p = write("p.yaml", """
        apiVersion: verdict.dev/v1
        kind: SbomPolicy
        metadata: {name: p}
        spec:
          sbom: {deniedLicenses: [AGPL-3.0-only]}
          vulnerabilities: {}
        """);

    Cli.Result r = Cli.run("policy", "lint", p.toString());

    assertEquals(0, r.code(), r.toString());
    assertEquals(p + ":6:20: warning: spec.vulnerabilities: constrains nothing (set maxSeverity, deniedIds or "
        + "maxAge)\n", r.out());
  }

  @Test
  void policyLint_nameSharedWithAnImagePolicy_isError() throws Exception {
    Path p = write("p.yaml", """
        apiVersion: verdict.dev/v1
        kind: SbomPolicy
        metadata: {name: sbom-licenses}
        spec:
          sbom: {deniedLicenses: [AGPL-3.0-only]}
        """);

    Cli.Result r = Cli.run("policy", "lint", IMAGE_FORM, p.toString());

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.out().contains("duplicate policy name 'sbom-licenses'"), r.out());
  }

  @Test
  void verify_onlySbomPolicies_exit3NoImagePolicy() throws Exception {
    Cli.Result file = Cli.run("verify", "oci:testdata/layouts/hello", "--policy", SBOM_ONLY);
    Path only = Files.createDirectory(dir.resolve("only"));
    Files.copy(Path.of("testdata/sbom-policy/juice-shop.sbompolicy.yaml"), only.resolve("juice.yaml"));
    Cli.Result directory = Cli.run("verify", "oci:testdata/layouts/hello", "--policy", only.toString());

    assertEquals(3, file.code(), file.toString());
    assertTrue(file.err().startsWith("verdict: " + SBOM_ONLY + ": no image policy: only SbomPolicy documents "
        + "found ('sbom-only' at " + SBOM_ONLY + ":9:9)"), file.err());
    assertEquals(1, file.err().lines().count(), file.err());
    assertEquals("", file.out());
    assertEquals(3, directory.code(), directory.toString());
    assertTrue(directory.err().contains("no image policy"), directory.err());
  }

  @Test
  void verify_sbomPolicyBesideImagePolicy_ignoredWithANoteAndDecidesNothing() {
    // the key policy alone: hello is signed, hello-unsigned is not
    Cli.Result signed = Cli.run("verify", "oci:testdata/layouts/hello", "--policy", "policies/key-signed.yaml",
        "--policy", SBOM_ONLY, "-o", "json");
    Cli.Result unsigned = Cli.run("verify", "oci:testdata/layouts/hello-unsigned", "--policy",
        "policies/key-signed.yaml", "--policy", SBOM_ONLY);
    Cli.Result alone = Cli.run("verify", "oci:testdata/layouts/hello-unsigned", "--policy",
        "policies/key-signed.yaml");

    assertEquals(0, signed.code(), signed.toString());
    assertEquals("verdict: note: " + SBOM_ONLY + ":9:9: SbomPolicy 'sbom-only' constrains no image; verify ignores "
        + "it (sbom check and policy test use it)\n", signed.err());
    assertFalse(signed.out().contains("sbom-only"), signed.out());
    assertEquals(1, unsigned.code(), unsigned.toString());
    assertEquals(alone.code(), unsigned.code());
    assertEquals(alone.out(), unsigned.out());
  }

  @Test
  void verify_imageNoImagePolicyCovers_deniedWhateverTheSbomPolicies() throws Exception {
    Path mixed = Files.createDirectory(dir.resolve("mixed"));
    Files.copy(Path.of(SBOM_ONLY), mixed.resolve("sbom-only.yaml"));
    Files.writeString(mixed.resolve("other.yaml"), """
        apiVersion: verdict.dev/v1
        kind: ImagePolicy
        metadata: {name: other}
        spec:
          images: ["registry.example.com/nothing-here/**"]
          authorities: [{name: k, key: {path: "%s"}}]
          signatures: {from: [k]}
        """.formatted(Path.of("testdata/keys/cosign-test.pub").toAbsolutePath()));

    Cli.Result r = Cli.run("verify", "oci:testdata/layouts/hello", "--policy", mixed.toString());

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("policy.match"), r.out());
  }

  @Test
  void policyTest_sbomOnlySuite_passesWithoutAKey() {
    Cli.Result r = Cli.run("policy", "test", "policies/tests/sbom-only.test.yaml");

    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().endsWith("3 passed, 0 failed\n"), r.out());
  }

  @Test
  void policyTest_sbomPolicyCaseWithWrongExpectation_fails() throws Exception {
    Path policy = Path.of(SBOM_ONLY).toAbsolutePath();
    Path bom = Path.of("testdata/sbom/shop-web.log4j.cdx.json").toAbsolutePath();
    Path suite = write("wrong.test.yaml", """
        apiVersion: verdict.dev/v1
        kind: PolicyTest
        metadata: {name: wrong}
        policies: ["%s"]
        now: 2026-11-24T00:00:00Z
        cases:
          - name: the log4j SBOM is not allowed
            sbom: "%s"
            expect: allow
        """.formatted(policy, bom));

    Cli.Result r = Cli.run("policy", "test", suite.toString());

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("decision: expected allow, got deny"), r.out());
    assertTrue(r.out().endsWith("0 passed, 1 failed\n"), r.out());
  }
}
