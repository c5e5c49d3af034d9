package dev.verdict.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SbomParserTest {
  static final Path DIR = Path.of("testdata/sbom");

  static SbomDocument load(String file) throws Exception {
    return SbomParser.parse(Files.readAllBytes(DIR.resolve(file)), file);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      "juice-shop-cdx-1.4.json, CycloneDX, 1.4, 1115, 1116, -",
      "dropwizard-cdx-1.2.json, CycloneDX, 1.2, 167, 167, 2020-08-02T21:27:04Z",
      "laravel-cdx-1.4.json, CycloneDX, 1.4, 62, 63, -",
      "guac-cdx-1.7.json, CycloneDX, 1.7, 1, 1, 2025-10-21T10:01:23Z",
      "syft-alpine-cdx-1.4.json, CycloneDX, 1.4, 15, 0, 2022-10-07T14:41:07Z",
      "trivy-big-mongo-cdx-1.4.json, CycloneDX, 1.4, 293, 0, 2022-10-08T14:23:54Z",
      "quarkus-deps-cdx-1.4.json, CycloneDX, 1.4, 94, 81, 2022-11-09T11:14:31Z",
      "synthetic-cdx-1.5.json, CycloneDX, 1.5, 2, 1, 2024-01-15T12:00:00Z",
      "synthetic-cdx-1.6.json, CycloneDX, 1.6, 3, 2, 2025-06-01T06:30:00Z",
      "examplemaven-spdx-2.3.json, SPDX, SPDX-2.3, 6, 7, 2022-10-23T15:44:16Z",
      "appbomination-spdx-2.2.json, SPDX, SPDX-2.2, 7, 14, 2021-09-02T13:46:32Z",
      "syft-alpine-spdx-2.2.json, SPDX, SPDX-2.2, 14, 75, 2022-09-21T14:54:15.500229Z",
      "minimal-spdx-2.3.json, SPDX, SPDX-2.3, 1, 1, 2023-05-12T18:30:22Z",
      "example1-spdx-2.2.spdx, SPDX, SPDX-2.2, 1, 4, 2021-08-26T01:46:00Z",
      "example6-lib-spdx-2.2.spdx, SPDX, SPDX-2.2, 5, 5, 2021-08-26T01:55:00Z",
      "examplemaven-spdx-3.0.json, SPDX, 3.0.1, 6, 11, 2022-10-23T15:44:16Z",
  })
  void parse_fixture_goldenCounts(String file, String format, String spec, int components, int relationships,
      String created) throws Exception {
    SbomDocument d = load(file);
    assertEquals(format, d.format());
    assertEquals(spec, d.specVersion());
    assertEquals(components, d.components().size());
    assertEquals(relationships, d.relationships());
    assertEquals(created == null ? null : Instant.parse(created), d.created());
    assertEquals(file, d.source());
  }

  @Test
  void parse_cycloneDx15_componentFieldsMapped() throws Exception {
    SbomDocument d = load("synthetic-cdx-1.5.json");
    Component log4j = d.components().get(0);
    assertEquals("log4j-core", log4j.name());
    assertEquals("2.14.1", log4j.version());
    assertEquals("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar", log4j.purl());
    assertEquals("Apache-2.0", log4j.license().toString());
    assertEquals(Map.of("SHA-256", "ade7402a70667a727635d5c4c29495f4ff96f061f12539763f6f123973b465b0"),
        log4j.hashes());
    assertEquals("The Apache Software Foundation", log4j.supplier());
    assertEquals("log4j-core", log4j.bomRef());
    assertEquals("CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0", d.components().get(1).license().toString());
    assertEquals(List.of("Jane Builder"), d.authors());
    assertEquals(List.of("cyclonedx-maven-plugin"), d.tools());
  }

  @Test
  void parse_cycloneDx16_manufacturerIsAuthor_nestedComponentsFlattened() throws Exception {
    SbomDocument d = load("synthetic-cdx-1.6.json");
    assertEquals(List.of("ACME Corp"), d.authors());
    assertEquals(List.of("debian", "openssl", "requests"), d.components().stream().map(Component::name).toList());
    assertEquals("Apache Software License", d.components().get(2).license().toString());
  }

  @Test
  void parse_spdx23_concludedElseDeclared_supplierAndNoAssertion() throws Exception {
    SbomDocument d = load("examplemaven-spdx-2.3.json");
    Component junit = d.components().stream().filter(c -> c.name().equals("JUnit")).findFirst().orElseThrow();
    assertEquals("CPL-1.0", junit.license().toString()); // concluded NOASSERTION, declared CPL-1.0
    Component root = d.components().stream().filter(c -> c.name().equals("examplemaven")).findFirst().orElseThrow();
    assertEquals("SPDX", root.supplier());
    assertEquals("NOASSERTION", d.components().get(1).license().toString());
    assertEquals(List.of("Gary O'Neall"), d.authors());
    assertEquals(List.of("spdx-maven-plugin"), d.tools());
  }

  @Test
  void parse_spdx3_licensesFromRelationships() throws Exception {
    SbomDocument d = load("examplemaven-spdx-3.0.json");
    Component junit = d.components().stream().filter(c -> c.name().equals("JUnit")).findFirst().orElseThrow();
    assertEquals("3.8.1", junit.version());
    assertEquals("CPL-1.0", junit.license().toString());
    Component root = d.components().stream().filter(c -> c.name().equals("examplemaven")).findFirst().orElseThrow();
    assertEquals("Apache-2.0", root.license().toString());
    assertEquals("SPDX", root.supplier());
  }

  @Test
  void parse_tagValue_packageFields() throws Exception {
    SbomDocument d = load("example6-lib-spdx-2.2.spdx");
    Component go = d.components().get(0);
    assertEquals("go-1.15", go.name());
    assertEquals("1.15.4", go.version());
    assertEquals("Canonical Ltd.", go.supplier());
    assertEquals("LicenseRef-Golang-BSD-plus-Patents", go.license().toString());
    assertEquals("0d6e1420facd978e532eae7bd5cb6378b65522c12fa9dcf682129e698c34d1b2", go.hashes().get("SHA256"));
    assertEquals(List.of("Steve Winslow (steve@swinslow.net)"), d.authors());
  }

  @Test
  void parse_syftSpdx_purlFromExternalRefs() throws Exception {
    SbomDocument d = load("syft-alpine-spdx-2.2.json");
    assertTrue(d.components().stream().allMatch(c -> c.purl() != null && c.purl().startsWith("pkg:alpine/")),
        d.components().toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"components\":{}} | bad.json: components: must be an array",
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.1\"} | bad.json: specVersion: unsupported CycloneDX version 1.1",
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"version\":\"1\"}]} | bad.json: components[0].name: is required",
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"name\":\"a\",\"components\":[{}]}]} | bad.json: components[0].components[0].name: is required",
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"timestamp\":\"yesterday\"}} | bad.json: metadata.timestamp: not an RFC 3339 timestamp: yesterday",
      "{\"bomFormat\":\"SWID\"} | bad.json: bomFormat: expected CycloneDX, found SWID",
      "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"a\",\"licenseConcluded\":\"MIT AND\"}]} | bad.json: packages[0].licenseConcluded: license expression 'MIT AND': expected a license id at end",
      "{\"spdxVersion\":\"SPDX-1.2\"} | bad.json: spdxVersion: unsupported SPDX version SPDX-1.2",
      "{\"name\":\"x\"} | bad.json: not an SBOM",
      "{\"bomFormat\": | bad.json:1:14: invalid JSON",
      "[1,2] | bad.json: not an SBOM",
      "hello | bad.json: not an SBOM",
      "SPDXVersion: SPDX-2.2\\nPackageName: a\\nPackageLicenseDeclared: (MIT | bad.json: PackageName a.licenseDeclared: license expression '(MIT': missing ')'",
  })
  void parse_malformed_configExceptionNamingFileAndField(String content, String message) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> SbomParser.parse(content.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8), "bad.json"));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertEquals("bad.json", e.file());
  }

  @ParameterizedTest(name = "CycloneDX {0}")
  @CsvSource({"1.2", "1.3", "1.4", "1.5", "1.6", "1.7"})
  void parse_everyCycloneDxJsonVersion_accepted(String version) throws Exception {
    byte[] bom = ("\uFEFF \n{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"" + version + "\",\"components\":[{\"type\":"
        + "\"library\",\"name\":\"x\",\"version\":\"1\",\"licenses\":[{\"license\":{\"id\":\"MIT\"}},"
        + "{\"expression\":\"Apache-2.0 OR BSD-2-Clause\"}]}]}").getBytes(StandardCharsets.UTF_8);
    SbomDocument d = SbomParser.parse(bom, "v.json");
    assertEquals(version, d.specVersion());
    assertEquals("MIT AND (Apache-2.0 OR BSD-2-Clause)", d.components().get(0).license().toString());
  }

  @Test
  void parse_noComponents_emptyList() throws Exception {
    SbomDocument d = SbomParser.parse("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}".getBytes(
        StandardCharsets.UTF_8), "empty.json");
    assertEquals(0, d.components().size());
    assertNull(d.created());
  }

  /** Found by SbomParsersFuzzTest: a NOASSERTION creator became a null author and a NullPointerException. */
  @Test
  void parse_noAssertionCreator_namesNobody() throws Exception {
    String tagValue = String.join("\n", "SPDXVersion: SPDX-2.3", "DataLicense: CC0-1.0", "SPDXID: SPDXRef-DOCUMENT",
        "DocumentName: d", "DocumentNamespace: https://example.com/d", "Creator: NOASSERTION",
        "Creator: Tool: syft", "Created: 2024-01-01T00:00:00Z", "");
    SbomDocument tv = SbomParser.parse(tagValue.getBytes(StandardCharsets.UTF_8), "d.spdx");
    assertEquals(List.of(), tv.authors());
    assertEquals(List.of("syft"), tv.tools());
    String json = "{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"d\","
        + "\"documentNamespace\":\"https://example.com/d\",\"dataLicense\":\"CC0-1.0\",\"creationInfo\":"
        + "{\"created\":\"2024-01-01T00:00:00Z\",\"creators\":[\"NOASSERTION\",\"Tool: syft\"]},\"packages\":[]}";
    SbomDocument js = SbomParser.parse(json.getBytes(StandardCharsets.UTF_8), "d.spdx.json");
    assertEquals(List.of(), js.authors());
    assertEquals(List.of("syft"), js.tools());
  }
}
