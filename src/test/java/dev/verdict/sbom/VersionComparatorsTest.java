package dev.verdict.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionComparatorsTest {
  @ParameterizedTest(name = "{0}: {1} vs {2} -> {3}")
  @CsvSource({
      // Maven ComparableVersion
      "maven, 1.0, 1.0.0, 0",
      "maven, 1.0-alpha-1, 1.0, -1",
      "maven, 1.0-SNAPSHOT, 1.0, -1",
      "maven, 1.0-rc1, 1.0, -1",
      "maven, 1.0-RC1, 1.0-cr1, 0",
      "maven, 1.0, 1.0-sp1, -1",
      "maven, 1.0.Final, 1.0, 0",
      "maven, 1.0-beta, 1.0-rc, -1",
      "maven, 1.0-alpha1, 1.0-a1, 0",
      "maven, 1.0-milestone-1, 1.0-rc-1, -1",
      "maven, 1.0-sp, 1.0-foo, -1",
      "maven, 2.9, 2.10, -1",
      "maven, 2.17.0, 2.17.1, -1",
      "maven, 2.17.1, 2.17.1, 0",
      "maven, 1.0.1, 1.0-SNAPSHOT, 1",
      "maven, 2.0.0-beta9, 2.0.0, -1",
      // npm / semver 2.0.0 precedence example chain
      "npm, 1.0.0-alpha, 1.0.0-alpha.1, -1",
      "npm, 1.0.0-alpha.1, 1.0.0-alpha.beta, -1",
      "npm, 1.0.0-alpha.beta, 1.0.0-beta, -1",
      "npm, 1.0.0-beta.2, 1.0.0-beta.11, -1",
      "npm, 1.0.0-rc.1, 1.0.0, -1",
      "npm, 1.0.0+build.5, 1.0.0, 0",
      "npm, 2.10.0, 2.9.0, 1",
      "npm, v4.17.21, 4.17.21, 0",
      // Go modules
      "golang, v1.2.3, v1.10.0, -1",
      "golang, v0.0.0-20191109021931-daa7c04131f5, v0.0.1, -1",
      "golang, v2.0.0+incompatible, v2.0.0, 0",
      "golang, v1.2.4-0.20191109021931-daa7c04131f5, v1.2.3, 1",
      "golang, v1.2.4-0.20191109021931-daa7c04131f5, v1.2.4, -1",
      // PEP 440
      "pypi, 1.0.dev0, 1.0a1, -1",
      "pypi, 1.0a1, 1.0b1, -1",
      "pypi, 1.0b1, 1.0rc1, -1",
      "pypi, 1.0rc1, 1.0, -1",
      "pypi, 1.0, 1.0.post1, -1",
      "pypi, 1!0.5, 2.0, 1",
      "pypi, 1.0, 1.0.0, 0",
      "pypi, 1.0+local.1, 1.0, 1",
      "pypi, 1.0a1.dev1, 1.0a1, -1",
      "pypi, 1.0-1, 1.0.post1, 0",
      "pypi, 1.0alpha1, 1.0a1, 0",
      "pypi, 1.0c1, 1.0rc1, 0",
      "pypi, 1.0.post1.dev1, 1.0.post1, -1",
      "pypi, 1.0.post1.dev1, 1.0, 1",
      "pypi, 1.0.dev1, 1.0a1.dev1, -1",
      "pypi, 2.28.0, 2.3.0, 1",
      // Debian
      "deb, 1.0~rc1, 1.0, -1",
      "deb, 1:0.9, 2.0, 1",
      "deb, 1.0-1, 1.0-2, -1",
      "deb, 1.0-1ubuntu1, 1.0-1, 1",
      "deb, 2.30, 2.30a, -1",
      "deb, 1.0~~, 1.0~, -1",
      "deb, 1.0+b1, 1.0, 1",
      "deb, 1.01, 1.1, 0",
      "deb, 2.36.1-8+deb11u1, 2.36.1-8, 1",
      // RPM
      "rpm, 1.0~rc1, 1.0, -1",
      "rpm, 1.0^git1, 1.0, 1",
      "rpm, 1.0^git1, 1.0.1, -1",
      "rpm, 1:1.0, 2.0, 1",
      "rpm, 1.0-1.el8, 1.0-2.el8, -1",
      "rpm, 1.0a, 1.0.1, -1",
      "rpm, 10, 9, 1",
      "rpm, 1.01, 1.1, 0",
      "rpm, 2.0.1, 2.0, 1",
      // generic fallback
      "gem, 1.10, 1.9, 1",
      "gem, 1.0, 1.0.1, -1",
  })
  void forType_ordersAsTheEcosystem(String type, String a, String b, int expected) {
    assertEquals(expected, Integer.signum(VersionComparators.forType(type).compare(a, b)));
    assertEquals(-expected, Integer.signum(VersionComparators.forType(type).compare(b, a)), "antisymmetric");
  }
}
