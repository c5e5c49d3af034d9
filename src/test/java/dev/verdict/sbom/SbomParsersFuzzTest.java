package dev.verdict.sbom;

import static dev.verdict.testing.Fuzzing.expect;
import static dev.verdict.testing.Fuzzing.text;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verdict.ConfigException;
import java.util.Comparator;
import tools.jackson.databind.JsonNode;

/**
 * Fuzz tests (regression corpus in src/test/resources/dev/verdict/sbom/SbomParsersFuzzTestInputs/; longer runs with
 * bench/fuzz.sh) for SBOMs (CycloneDX, SPDX 2 JSON and tag-value, SPDX 3), VEX (OpenVEX, CycloneDX), vulnerability
 * reports, license expressions, purls and version ranges: all of it written by whoever built the image.
 */
class SbomParsersFuzzTest {

  @FuzzTest
  void parseSbom_anyBytes_documentOrConfigError(byte[] input) throws Throwable {
    expect(() -> {
      SbomDocument doc = SbomParser.parse(input, "fuzz.sbom");
      // what the rules read of every component must not throw either (a bad purl is the rule's documented deny)
      for (Component c : doc.components()) {
        c.label();
        c.license().toString();
        if (c.purl() != null) {
          expect(() -> Purl.parse(c.purl()), IllegalArgumentException.class);
        }
      }
    }, ConfigException.class);
  }

  @FuzzTest
  void parseVex_anyBytes_vexOrConfigError(byte[] input) throws Throwable {
    expect(() -> Vex.parse(input, "fuzz.vex.json"), ConfigException.class);
  }

  @FuzzTest
  void readVulnerabilityReport_anyJson_reportOrFormatError(byte[] input) throws Throwable {
    JsonNode tree;
    try {
      tree = SbomParser.MAPPER.readTree(input);
    } catch (tools.jackson.core.JacksonException e) {
      return; // not JSON: never reaches the reader
    }
    for (String type : new String[] {"https://cosign.sigstore.dev/attestation/vuln/v1",
        "https://in-toto.io/attestation/vulns/v0.1"}) {
      expect(() -> VulnerabilityReader.read(type, tree, "fuzz.json"), SbomFormatException.class);
    }
  }

  @FuzzTest
  void parseLicenseExpression_anyText_expressionOrIllegalArgument(byte[] input) throws Throwable {
    String s = text(input);
    expect(() -> LicenseExpression.parse(s), IllegalArgumentException.class);
    expect(() -> LicenseExpression.parseOrName(s), IllegalArgumentException.class);
  }

  @FuzzTest
  void parsePurl_anyText_purlOrIllegalArgument(byte[] input) throws Throwable {
    expect(() -> Purl.parse(text(input)), IllegalArgumentException.class);
  }

  /** First line: the purl type (picks the version scheme); the rest: a vers range, then a version to test. */
  @FuzzTest
  void parseVersionRange_anyText_rangeOrIllegalArgument(byte[] input) throws Throwable {
    String[] parts = text(input).split("\n", 3);
    String type = parts[0];
    String range = parts.length > 1 ? parts[1] : "";
    String version = parts.length > 2 ? parts[2] : "1.0";
    expect(() -> {
      VersionRange r = VersionRange.parse(range, type);
      r.toString();
      r.contains(version);
    }, IllegalArgumentException.class);
    Comparator<String> cmp = VersionComparators.forType(type);
    expect(() -> cmp.compare(range, version), IllegalArgumentException.class);
  }
}
