package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.report.ExitCode;
import dev.verdict.sbom.SbomRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SbomCheckCommandTest {
  private static final String JUICE = "testdata/sbom/juice-shop-cdx-1.4.json";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs the command with the same exit-code and error handling VerdictCommand.run installs. */
  private int run(SbomCheckCommand command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExitCodeExceptionMapper(ExitCode::of);
    cl.setParameterExceptionHandler((ex, a) -> ExitCode.USAGE);
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      err.write("verdict: " + VerdictCommand.message(VerdictCommand.unwrap(ex)));
      return ExitCode.of(VerdictCommand.unwrap(ex));
    });
    return cl.execute(args);
  }

  private int run(String... args) {
    return run(new SbomCheckCommand(), args);
  }

  @Test
  void check_juiceShopDeniedLicenseAndPackage_exit1NamingComponents() {
    assertEquals(1, run(JUICE, "--deny-license", "GPL-2.0-only", "--deny-package", "pkg:npm/lodash@<4.17.21"));
    assertEquals("FAIL " + JUICE + "\n"
        + "  deniedLicenses pkg:npm/fuzzball@1.4.0: license GPL-2.0 cannot avoid GPL-2.0-only\n"
        + "  deniedPackages pkg:npm/lodash@2.4.2: package matches denied pkg:npm/lodash@<4.17.21\n",
        out.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void check_passingRules_exit0() {
    assertEquals(0, run(JUICE, "testdata/sbom/examplemaven-spdx-3.0.json", "--deny-license", "AGPL-3.0-only",
        "--require", "name,relationships"));
    assertEquals("PASS " + JUICE + "\nPASS testdata/sbom/examplemaven-spdx-3.0.json\n",
        out.toString().replace(System.lineSeparator(), "\n"));
    // four of its six packages state no version
    assertEquals(1, run("testdata/sbom/examplemaven-spdx-3.0.json", "--require", "version"));
  }

  @Test
  void check_malformedSbom_exit3NamingFile(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.cdx.json");
    Files.writeString(bad, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{}]}");
    assertEquals(3, run(bad.toString(), "--deny-license", "MIT"));
    assertEquals("verdict: " + bad + ": components[0].name: is required", err.toString());
  }

  @Test
  void check_malformedRule_exit3NamingRule() {
    assertEquals(3, run(JUICE, "--deny-package", "npm/lodash"));
    assertTrue(err.toString().contains("package rule 'npm/lodash'"), err.toString());
  }

  @Test
  void check_noRules_exit2() {
    assertEquals(2, run(JUICE));
    assertTrue(err.toString().contains("no rules"), err.toString());
  }

  @Test
  void check_policy_juiceShop_exactlyTheDeniedComponents() {
    assertEquals(1, run(JUICE, "--policy", "testdata/sbom-policy/juice-shop.yaml"));
    assertEquals("FAIL " + JUICE + "\n"
        + "  deniedLicenses pkg:npm/fuzzball@1.4.0: license GPL-2.0 cannot avoid GPL-2.0-only\n"
        + "  deniedPackages pkg:npm/lodash@2.4.2: package matches denied pkg:npm/lodash@<4.17.21\n",
        out.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void check_reportFormats_comeFromTheCommonResultModel(@TempDir Path dir) throws Exception {
    Path sarif = dir.resolve("r.sarif");
    dev.verdict.testing.Cli.Result r = dev.verdict.testing.Cli.run("sbom", "check", JUICE, "--policy",
        "testdata/sbom-policy/juice-shop.yaml", "--format", "json", "--format", "sarif=" + sarif);
    assertEquals(1, r.code(), r.toString());
    var image = dev.verdict.Json.mapper().readTree(r.out()).get("images").get(0);
    assertEquals("deny", image.get("decision").stringValue());
    assertEquals("sbom.deniedLicenses", image.get("checks").get(0).get("id").stringValue());
    assertEquals("pkg:npm/fuzzball@1.4.0", image.get("checks").get(0).get("subject").stringValue());
    assertEquals(List.of(), dev.verdict.testing.Schemas.sarifErrors(Files.readString(sarif)));
  }

  @Test
  void check_policyWithoutSbomRules_exit2() {
    assertEquals(2, run(JUICE, "--policy", "policies/key-signed.yaml"));
    assertTrue(err.toString().contains("have no sbom or vulnerabilities rules"), err.toString());
  }

  @Test
  void check_missingPolicy_exit3() {
    assertEquals(3, run(JUICE, "--policy", "no-such-policy.yaml"));
  }

  @Test
  void check_customRuleSource_rulesApply() {
    SbomCheckCommand wired = new SbomCheckCommand(paths -> new dev.verdict.sbom.SbomFileCheck.Rules(List.of(new SbomRule(
        List.of("WTFPL"), List.of(), List.of(), List.of(), null)), List.of()));
    assertEquals(1, run(wired, JUICE, "--policy", "p.yaml"));
    assertTrue(!out.toString().contains("lodash"), out.toString());
    assertTrue(out.toString().contains("deniedLicenses pkg:npm/utf8-byte-length@1.0.4"), out.toString());
  }

  @Test
  void check_cycloneDxVulnerabilitiesWithVex_suppressedByNotAffected() {
    String bom = "testdata/sbom/guac-cdx-vex-affected.json";
    assertEquals(1, run(bom, "--max-severity", "high"));
    assertTrue(out.toString().contains("maxSeverity CVE-2021-44228: CVE-2021-44228 in product-ABC has severity "
        + "critical, above high"), out.toString());
    // the CISA VEX names product ABC by a bom-ref of its own document, not by a BOM-link to this BOM or a purl:
    // it is not shown to be about this BOM, so it suppresses nothing
    assertEquals(1, run(bom, "--max-severity", "high", "--vex", "testdata/sbom/cisa-case1-vex-not_affected.json"));
  }

  private static final String APP = "testdata/sbom/vex-app.cdx.json";

  @Test
  void check_vexAboutAnotherProduct_suppressesNothing() {
    // OpenVEX: product another image, subcomponent the vulnerable package
    assertEquals(1, run(APP, "--deny-vulnerability", "CVE-2021-44228", "--vex",
        "testdata/sbom/vex-other-product.openvex.json"));
    assertTrue(out.toString().contains("deniedIds CVE-2021-44228: CVE-2021-44228 in "
        + "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 is denied"), out.toString());
    // the statement that did not apply is shown, with the reason
    assertTrue(out.toString().contains("  vex: testdata/sbom/vex-other-product.openvex.json statements[0] "
        + "(not_affected) is about CVE-2021-44228 but does not apply to "
        + "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 here: no product names BOM "
        + "urn:uuid:5b1f0c8e-3a4d-4f6b-9c2e-7d8a9b0c1d2e/1, pkg:oci/app@sha256:"), out.toString());
    // CycloneDX VEX: a BOM-link to another BOM's serial number with the same bom-ref
    assertEquals(1, run(APP, "--max-severity", "high", "--vex", "testdata/sbom/vex-other-bom.cdx.json"));
    // the same statements about this image and this BOM do suppress
    assertEquals(0, run(APP, "--max-severity", "high", "--vex", "testdata/sbom/vex-this-product.openvex.json"));
    assertEquals(0, run(APP, "--max-severity", "high", "--vex", "testdata/sbom/vex-this-bom.cdx.json"));
  }

  @Test
  void check_vexPrecedence_newerStatementWinsInEitherOrder() {
    String older = "testdata/sbom/vex-this-product.openvex.json";
    String newer = "testdata/sbom/vex-this-product-affected.openvex.json";
    assertEquals(1, run(APP, "--max-severity", "high", "--vex", older, "--vex", newer));
    assertEquals(1, run(APP, "--max-severity", "high", "--vex", newer, "--vex", older));
  }

  @Test
  void check_vexSuppression_shownInTextAndJson() {
    assertEquals(0, run(APP, "--max-severity", "high", "--vex", "testdata/sbom/vex-this-product.openvex.json"));
    assertEquals("PASS " + APP + "\n  vex: CVE-2021-44228 in pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 "
        + "suppressed by testdata/sbom/vex-this-product.openvex.json statements[0]: not_affected "
        + "(vulnerable_code_not_in_execute_path), 2024-03-01T00:00:00Z\n",
        out.toString().replace(System.lineSeparator(), "\n"));
    out.getBuffer().setLength(0);
    assertEquals(0, run(APP, "--max-severity", "high", "--vex", "testdata/sbom/vex-this-product.openvex.json",
        "--format", "json"));
    String json = out.toString();
    assertTrue(json.contains("\"sbom.vex\"") && json.contains("\"justification\":\"vulnerable_code_not_in_execute_path\"")
        && json.contains("\"vex\":\"testdata/sbom/vex-this-product.openvex.json\"")
        && json.contains("\"statement\":\"statements[0]\""), json);
  }

  @Test
  void check_componentWithUnparsablePurl_deniedPackagesAndUniqueIdFail(@TempDir Path dir) throws Exception {
    Path bom = dir.resolve("bad-purl.cdx.json");
    Files.writeString(bom, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"name\":"
        + "\"lodash\",\"version\":\"2.4.2\",\"purl\":\"pkg:npm/lodash@2.4.2?arch\",\"cpe\":"
        + "\"cpe:2.3:a:lodash:lodash:2.4.2:*:*:*:*:*:*:*\"}]}");
    assertEquals(1, run(bom.toString(), "--deny-package", "pkg:npm/lodash@<4.17.21"));
    assertTrue(out.toString().contains("deniedPackages pkg:npm/lodash@2.4.2?arch: purl does not parse"),
        out.toString());
    out.getBuffer().setLength(0);
    assertEquals(1, run(bom.toString(), "--require", "uniqueId"));
    assertTrue(out.toString().contains("requiredFields pkg:npm/lodash@2.4.2?arch: component's unique id is "
        + "malformed: purl 'pkg:npm/lodash@2.4.2?arch'"), out.toString());
  }

  @Test
  void check_vulnerabilityRuleOnSbomWithoutVulnerabilities_denies() {
    assertEquals(1, run("testdata/sbom/examplemaven-spdx-2.3.json", "--max-severity", "critical"));
    assertTrue(out.toString().contains("carries no scan result"), out.toString());
  }

  @Test
  void check_maxAge_measuredFromCreation() {
    String bom = "testdata/sbom/synthetic-cdx-1.5.json";
    assertEquals(0, run(bom, "--max-age", "30d", "--now", "2024-02-01T00:00:00Z"));
    assertEquals(1, run(bom, "--max-age", "P30D", "--now", "2024-03-01T00:00:00Z"));
    assertEquals(2, run(bom, "--max-age", "a month"));
  }

  @Test
  void check_unreadableFile_exit3() {
    assertEquals(3, run("testdata/sbom/no-such-file.json", "--deny-license", "MIT"));
    assertTrue(err.toString().startsWith("verdict: testdata/sbom/no-such-file.json: cannot read SBOM"),
        err.toString());
  }

  @Test
  void check_tagValueInput_parsed() {
    assertEquals(1, run("testdata/sbom/example1-spdx-2.2.spdx", "--deny-license", "GPL-3.0-or-later"));
    assertTrue(out.toString().contains("deniedLicenses hello: license GPL-3.0-or-later"), out.toString());
  }
}
