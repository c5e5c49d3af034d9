package dev.verdict.sbom;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** sbom's JSON call sites (SBOMs, VEX documents, scan reports) reject duplicate keys and excessive nesting. */
class StrictJsonTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void sbomParse_duplicateKey_rejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> SbomParser.parse(
        utf8("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[],\"components\":[]}"), "bom.json"));
    assertTrue(e.getMessage().contains("Duplicate Object property \"components\""), e.getMessage());
  }

  @Test
  void vexJson_duplicateKey_rejected() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> VexReader.json(utf8("{\"statements\":[],\"statements\":[]}"), "vex.json"));
    assertTrue(e.getMessage().contains("Duplicate Object property \"statements\""), e.getMessage());
  }

  @Test
  void vulnerabilityReportRead_duplicateKey_rejected() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> VulnerabilityReport.read(utf8("{\"vulnerabilities\":[],\"vulnerabilities\":[]}"), "scan.json"));
    assertTrue(e.getMessage().contains("Duplicate Object property \"vulnerabilities\""), e.getMessage());
  }

  @Test
  void sbomParse_nestedTooDeep_rejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> SbomParser.parse(
        utf8("{\"bomFormat\":\"CycloneDX\",\"x\":" + "[".repeat(600) + "]".repeat(600) + "}"), "bom.json"));
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }
}
