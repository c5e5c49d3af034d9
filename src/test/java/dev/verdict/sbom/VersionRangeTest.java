package dev.verdict.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bounds of vers ranges (deniedPackages and VEX ranges decide with them): exclusive bounds exclude their own version,
 * and constraints given out of order mean what they mean in order. Written for the mutants PIT found surviving.
 */
class VersionRangeTest {

  @ParameterizedTest
  @CsvSource({
      "vers:maven/>1.0, 1.0, false",
      "vers:maven/>1.0, 1.0.1, true",
      "vers:maven/<1.0, 1.0, false",
      "vers:maven/<1.0, 0.9, true",
      "vers:maven/>1.0|<2.0, 1.0, false",
      "vers:maven/>1.0|<2.0, 2.0, false",
      "vers:maven/>1.0|<2.0, 1.5, true",
      "vers:maven/>=1.0|<=2.0, 1.0, true",
      "vers:maven/>=1.0|<=2.0, 2.0, true",
      "vers:maven/<2.0|>1.0, 1.5, true",
      "vers:maven/<2.0|>1.0, 0.5, false",
      "vers:maven/<2.0|>1.0, 2.5, false",
      "vers:npm/<2.0.0|>=1.2.3, 1.2.2, false",
      "vers:npm/<2.0.0|>=1.2.3, 1.2.3, true",
  })
  void contains_boundsAndOrder_asTheVersSpecSays(String range, String version, boolean expected) {
    assertEquals(expected, VersionRange.parse(range, null).contains(version), range + " contains " + version);
  }
}
