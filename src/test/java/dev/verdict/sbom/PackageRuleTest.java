package dev.verdict.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackageRuleTest {
  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(delimiter = ' ', value = {
      "pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1 false",
      "pkg:maven/org.apache.logging.log4j/log4j-core@<=2.17.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1-SNAPSHOT true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.2 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1 pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1 false",
      "pkg:maven/org.apache.logging.log4j/log4j-core@>=2.0.0|<2.17.2 pkg:maven/org.apache.logging.log4j/log4j-core@2.0-beta9 false",
      "pkg:maven/org.apache.logging.log4j/log4j-core@>=2.0.0|<2.17.2 pkg:maven/org.apache.logging.log4j/log4j-core@2.0 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@>=2.0.0|<2.17.2 pkg:maven/org.apache.logging.log4j/log4j-core@2.17.2 false",
      "pkg:maven/org.apache.logging.log4j/log4j-core@>=2.0.0|<2.17.2 pkg:maven/org.apache.logging.log4j/log4j-core@1.2.17 false",
      "pkg:maven/org.apache.logging.log4j/log4j-core@>2.0|<2.5|>3.0|<3.5 pkg:maven/org.apache.logging.log4j/log4j-core@2.7 false",
      "pkg:maven/org.apache.logging.log4j/log4j-core@>2.0|<2.5|>3.0|<3.5 pkg:maven/org.apache.logging.log4j/log4j-core@3.1 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1.0 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@=2.14.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.2 false",
      "pkg:maven/org.apache.logging.log4j/log4j-core pkg:maven/org.apache.logging.log4j/log4j-core@9.9.9 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1 pkg:maven/org.apache.logging.log4j/log4j-core true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@!=2.14.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 false",
      "pkg:maven/org.apache.logging.log4j/log4j-core@!=2.14.1 pkg:maven/org.apache.logging.log4j/log4j-core@2.14.2 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@* pkg:maven/org.apache.logging.log4j/log4j-core@1 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@vers:maven/>=2.0.0|<2.17.2 pkg:maven/org.apache.logging.log4j/log4j-core@2.16.0 true",
      "pkg:npm/lodash@<4.17.21 pkg:npm/lodash@4.17.21 false",
      "pkg:npm/lodash@<4.17.21 pkg:npm/lodash@4.17.21-rc.1 true",
      "pkg:npm/lodash@<4.17.21 pkg:npm/lodash@2.4.2 true",
      "pkg:npm/lodash@%3C4.17.21%7C%3E5 pkg:npm/lodash@2.4.2 true",
      "pkg:npm/lodash@%3C4.17.21%7C%3E5 pkg:npm/lodash@5.0.1 true",
      "pkg:npm/lodash@%3C4.17.21%7C%3E5 pkg:npm/lodash@4.17.21 false",
      "pkg:npm/%40babel/core@<7.0.0 pkg:npm/%40babel/core@6.26.3 true",
      "pkg:npm/@babel/core@<7.0.0 pkg:npm/%40babel/core@6.26.3 true",
      "pkg:npm/@babel/core pkg:npm/%40babel/core@7.1.0#packages/core true",
      "pkg:pypi/Django_Rest@<3.0 pkg:pypi/django-rest@3.0rc1 true",
      "pkg:pypi/requests@>=2.0|<2.31.0 pkg:pypi/requests@2.31.0.post1 false",
      "pkg:pypi/requests@>=2.0|<2.31.0 pkg:pypi/requests@2.31.0.dev1 true",
      "pkg:golang/golang.org/x/net@<v0.17.0 pkg:golang/golang.org/x/net@v0.0.0-20220722155237-a158d28d115b true",
      "pkg:golang/golang.org/x/net@<v0.17.0 pkg:golang/golang.org/x/net@v0.17.0 false",
      "pkg:deb/debian/openssl@<1.1.1n-0+deb11u4 pkg:deb/debian/openssl@1.1.1n-0+deb11u3?arch=amd64 true",
      "pkg:deb/debian/openssl@<1.1.1n-0+deb11u4 pkg:deb/debian/openssl@1.1.1n-0+deb11u4?arch=amd64 false",
      "pkg:deb/debian/openssl@<1.1.1n-0+deb11u4?arch=arm64 pkg:deb/debian/openssl@1.1.1n-0+deb11u3?arch=amd64 false",
      "pkg:rpm/redhat/openssl@<1:1.1.1k-7.el8 pkg:rpm/redhat/openssl@1:1.1.1k-6.el8 true",
      "pkg:rpm/redhat/openssl@<1:1.1.1k-7.el8 pkg:rpm/redhat/openssl@1.1.1k-8.el8 true",
      "pkg:rpm/redhat/openssl@<1:1.1.1k-7.el8 pkg:rpm/redhat/openssl@1:1.1.1k-7.el8 false",
      "pkg:rpm/redhat/openssl@<1:1.1.1k-7.el8 pkg:rpm/redhat/openssl@1.1.1k-8.el8?epoch=1 false",
      "pkg:rpm/redhat/openssl@<1:1.1.1k-7.el8 pkg:rpm/redhat/openssl@1.1.1k-6.el8?epoch=1 true",
      "pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1 pkg:npm/log4j-core@1.0.0 false",
      // exclusive bounds exclude the bound itself, inclusive ones include it
      "pkg:npm/x@>1.0.0|<2.0.0 pkg:npm/x@1.0.0 false",
      "pkg:npm/x@>1.0.0|<2.0.0 pkg:npm/x@2.0.0 false",
      "pkg:npm/x@>1.0.0|<2.0.0 pkg:npm/x@1.0.1 true",
      "pkg:npm/x@>=1.0.0|<=2.0.0 pkg:npm/x@1.0.0 true",
      "pkg:npm/x@>=1.0.0|<=2.0.0 pkg:npm/x@2.0.0 true",
      "pkg:npm/x@>1.0.0 pkg:npm/x@1.0.0 false",
      "pkg:npm/x@>1.0.0 pkg:npm/x@1.0.1 true",
      "pkg:npm/x@<1.0.0 pkg:npm/x@0.9.9 true",
      // bounds written out of order are sorted first: the same ranges
      "pkg:npm/x@<2.0.0|>1.0.0 pkg:npm/x@1.5.0 true",
      "pkg:npm/x@<2.0.0|>1.0.0 pkg:npm/x@2.5.0 false",
      "pkg:npm/x@<3.5|>3.0|<2.5|>2.0 pkg:npm/x@3.1.0 true",
      "pkg:npm/x@<3.5|>3.0|<2.5|>2.0 pkg:npm/x@2.7.0 false",
      "pkg:npm/x@<1.0.0|>=2.0.0 pkg:npm/x@2.0.0 true",
      "pkg:npm/x@<1.0.0|>=2.0.0 pkg:npm/x@1.5.0 false",
      "pkg:npm/x@!=1.5.0|>=1.0.0|<2.0.0 pkg:npm/x@1.5.0 false",
      "pkg:npm/x@!=1.5.0|>=1.0.0|<2.0.0 pkg:npm/x@1.6.0 true",
  })
  void matches_table(String rule, String component, boolean expected) {
    assertEquals(expected, PackageRule.parse(rule).matches(Purl.parse(component)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ' ', value = {
      "maven/org.apache/x@1 'must start with pkg:'",
      "pkg:maven/g/a@<<1 'has no valid version'",
      "pkg:maven/g/a@>=1|<2|< 'has no valid version'",
      "pkg:maven/g/a@vers:maven 'has no'",
      "pkg:/a 'has no type or no name'",
      "pkg:npm/a%2 'invalid percent escape'",
      // vers needs bounds that alternate and versions that differ; otherwise the algorithm answers wrongly
      "pkg:npm/x@>=1.0.0|>=2.0.0 'do not alternate'",
      "pkg:npm/x@<2.0.0|<1.0.0 'do not alternate'",
      "pkg:npm/x@>=1.0.0|<2.0.0|<3.0.0 'do not alternate'",
      "pkg:npm/x@<1.0.0|>=1.0.0 'appears twice'",
      "pkg:npm/x@1.0.0|1.0.0 'appears twice'",
      "pkg:deb/debian/openssl?arch=amd64&ARCH=arm64 'appears twice'",
  })
  void parse_malformed_throwsNamingRule(String rule, String problem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PackageRule.parse(rule));
    assertTrue(e.getMessage().contains(rule) && e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void purlParse_allParts_decodedAndNormalised() {
    Purl p = Purl.parse("pkg:PyPI/Foo_Bar@1.0%2Blocal?Arch=x86_64&empty=&repository_url=https%3A%2F%2Fa#sub/./dir");
    assertEquals("pypi", p.type());
    assertNull(p.namespace());
    assertEquals("foo-bar", p.name());
    assertEquals("1.0+local", p.version());
    assertEquals(Map.of("arch", "x86_64", "repository_url", "https://a"), p.qualifiers());
    assertEquals("sub/dir", p.subpath());
    assertEquals("pkg:pypi/foo-bar", p.coordinates());
  }

  @Test
  void purlParse_mavenKeepsCase_npmScopeDecoded() {
    assertEquals("pkg:maven/org.Apache/Log4J", Purl.parse("pkg:maven/org.Apache/Log4J@1").coordinates());
    Purl npm = Purl.parse("pkg:npm/%40Babel/Core@7.0.0");
    assertEquals("@babel", npm.namespace());
    assertEquals("core", npm.name());
    assertEquals("7.0.0", npm.version());
  }
}
