package dev.verdict.sbom;

import static dev.verdict.sbom.SbomParserTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SbomEvaluatorTest {
  private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

  private static SbomRule rule(List<String> denied, List<String> allowed, List<String> packages, List<String> fields,
      Duration maxAge) {
    return new SbomRule(denied, allowed, packages, fields, maxAge);
  }

  private static List<String> components(List<Violation> vs, String ruleName) {
    return vs.stream().filter(v -> v.rule().equals(ruleName)).map(Violation::component).sorted().toList();
  }

  @Test
  void evaluate_juiceShopDeniedLicenseAndPackage_reportsExactlyThoseComponents() throws Exception {
    SbomDocument juice = load("juice-shop-cdx-1.4.json");
    List<Violation> vs = SbomEvaluator.evaluate(juice, rule(List.of("GPL-2.0-only"), List.of(),
        List.of("pkg:npm/lodash@<4.17.21"), List.of(), null), NOW, null);
    assertEquals(List.of("pkg:npm/fuzzball@1.4.0"), components(vs, "deniedLicenses"));
    assertEquals(List.of("pkg:npm/lodash@2.4.2"), components(vs, "deniedPackages"));
    assertEquals(2, vs.size(), vs.toString());
    Violation lic = vs.stream().filter(v -> v.rule().equals("deniedLicenses")).findFirst().orElseThrow();
    assertEquals("GPL-2.0", lic.found());
    Violation pkg = vs.stream().filter(v -> v.rule().equals("deniedPackages")).findFirst().orElseThrow();
    assertEquals("package matches denied pkg:npm/lodash@<4.17.21", pkg.message());
  }

  @Test
  void evaluate_juiceShopWtfplBan_orChoicesPass_soleWtfplFails() throws Exception {
    List<Violation> vs = SbomEvaluator.evaluate(load("juice-shop-cdx-1.4.json"), rule(List.of("WTFPL"), List.of(),
        List.of(), List.of(), null), NOW, null);
    // expand-template is "(MIT OR WTFPL)" and sanitize-filename "WTFPL OR ISC": both can avoid WTFPL
    assertEquals(List.of("pkg:npm/truncate-utf8-bytes@1.0.2", "pkg:npm/utf8-byte-length@1.0.4"),
        components(vs, "deniedLicenses"));
  }

  @Test
  void evaluate_juiceShopRangeAndUnversionedRules_matchAllVersionsOrRange() throws Exception {
    SbomDocument juice = load("juice-shop-cdx-1.4.json");
    List<Violation> vs = SbomEvaluator.evaluate(juice, rule(List.of(), List.of(), List.of(
        "pkg:npm/jsonwebtoken@>=0.1.0|<0.4.0", "pkg:npm/lodash"), List.of(), null), NOW, null);
    assertEquals(List.of("pkg:npm/jsonwebtoken@0.1.0", "pkg:npm/lodash@2.4.2", "pkg:npm/lodash@4.17.21"),
        components(vs, "deniedPackages"));
  }

  @Test
  void evaluate_juiceShopAllowList_namesEveryOtherLicense() throws Exception {
    List<Violation> vs = SbomEvaluator.evaluate(load("juice-shop-cdx-1.4.json"), rule(List.of(),
        List.of("MIT", "ISC", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause"), List.of(), List.of(), null), NOW, null);
    // 9 components without license data (NOASSERTION) and the non-permissive or free-text ones fail
    assertTrue(components(vs, "allowedLicenses").contains("pkg:npm/fuzzball@1.4.0"));
    assertTrue(components(vs, "allowedLicenses").contains("pkg:npm/truncate-utf8-bytes@1.0.2"));
    assertTrue(components(vs, "allowedLicenses").stream().noneMatch(c -> c.startsWith("pkg:npm/expand-template")));
    assertEquals(vs.size(), components(vs, "allowedLicenses").size());
  }

  @Test
  void evaluate_spdxLog4jRule_unversionedComponentMatchesRange() throws Exception {
    SbomDocument d = load("synthetic-cdx-1.5.json");
    List<Violation> vs = SbomEvaluator.evaluate(d, rule(List.of("GPL-2.0-only"), List.of(),
        List.of("pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1"), List.of(), null), NOW, null);
    // jaxb-api is "CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0": CDDL avoids the ban
    assertEquals(List.of(), components(vs, "deniedLicenses"));
    assertEquals(List.of("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"),
        components(vs, "deniedPackages"));
  }

  @Test
  void evaluate_requiredFields_ntiaElementsPerComponentAndDocument() throws Exception {
    List<String> all = List.of("supplier", "name", "version", "uniqueId", "relationships", "author", "timestamp");
    List<Violation> ok = SbomEvaluator.evaluate(load("synthetic-cdx-1.5.json"), rule(List.of(), List.of(), List.of(),
        List.of("name", "version", "uniqueId", "relationships", "author", "timestamp"), null), NOW, null);
    assertEquals(List.of(), ok);
    List<Violation> juice = SbomEvaluator.evaluate(load("juice-shop-cdx-1.4.json"), rule(List.of(), List.of(),
        List.of(), all, null), NOW, null);
    // juice-shop: tools but no author, no timestamp, no supplier anywhere; every component has a purl and version
    assertEquals(List.of("missing"), juice.stream().filter(v -> v.component() == null && v.message().startsWith(
        "no author")).map(Violation::found).toList());
    assertEquals(1, juice.stream().filter(v -> v.message().equals("no creation timestamp")).count());
    assertEquals(1115, juice.stream().filter(v -> v.message().equals("component has no supplier")).count());
    assertEquals(0, juice.stream().filter(v -> v.message().equals("component has no uniqueId")).count());
    assertEquals(1115 + 2, juice.size());
    // syft's alpine SBOM: the operating-system component has no purl but a SWID tag, which counts
    assertEquals(List.of(), SbomEvaluator.evaluate(load("syft-alpine-cdx-1.4.json"), rule(List.of(), List.of(),
        List.of(), List.of("uniqueId"), null), NOW, null));
    // the synthetic 1.6 SBOM: the debian component has no purl, CPE or SWID; only requests lacks a supplier
    List<Violation> v16 = SbomEvaluator.evaluate(load("synthetic-cdx-1.6.json"), rule(List.of(), List.of(),
        List.of(), List.of("uniqueId", "supplier", "author"), null), NOW, null);
    assertEquals(List.of("debian@12.5", "debian@12.5", "pkg:pypi/requests@2.31.0"), components(v16, "requiredFields"));
    assertEquals(0, juice.stream().filter(v -> v.message().equals("no dependency relationships")).count());
  }

  @Test
  void evaluate_maxAge_fromCreationElseSigningTime() throws Exception {
    SbomDocument d = load("synthetic-cdx-1.5.json"); // created 2024-01-15
    SbomRule thirtyDays = rule(List.of(), List.of(), List.of(), List.of(), Duration.ofDays(30));
    assertEquals(List.of(), SbomEvaluator.evaluate(d, thirtyDays, Instant.parse("2024-02-01T00:00:00Z"), null));
    List<Violation> old = SbomEvaluator.evaluate(d, thirtyDays, NOW, null);
    assertEquals("maxAge", old.get(0).rule());
    SbomDocument undated = load("juice-shop-cdx-1.4.json");
    assertEquals(List.of(), SbomEvaluator.evaluate(undated, thirtyDays, NOW, NOW.minus(Duration.ofDays(2))));
    assertEquals(1, SbomEvaluator.evaluate(undated, thirtyDays, NOW, NOW.minus(Duration.ofDays(31))).size());
    assertEquals("SBOM states no creation time and no signing time is known",
        SbomEvaluator.evaluate(undated, thirtyDays, NOW, null).get(0).message());
  }

  @Test
  void evaluate_invalidRule_throwsNotPasses() throws Exception {
    SbomDocument d = load("synthetic-cdx-1.5.json");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SbomEvaluator.evaluate(d,
        rule(List.of(), List.of(), List.of("maven/log4j"), List.of(), null), NOW, null));
    assertTrue(e.getMessage().startsWith("package rule 'maven/log4j'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SbomEvaluator.evaluate(d,
        rule(List.of(), List.of(), List.of(), List.of("colour"), null), NOW, null));
    assertTrue(e.getMessage().startsWith("requiredFields: unknown field 'colour'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SbomEvaluator.evaluate(d,
        rule(List.of("MIT OR GPL"), List.of(), List.of(), List.of(), null), NOW, null));
    assertTrue(e.getMessage().contains("is not a license id"), e.getMessage());
  }

  @Test
  void evaluate_spdx3AndTagValue_sameRulesApply() throws Exception {
    SbomRule cpl = rule(List.of("CPL-1.0"), List.of(), List.of(), List.of(), null);
    assertEquals(List.of("JUnit@3.8.1"), components(SbomEvaluator.evaluate(load("examplemaven-spdx-3.0.json"), cpl,
        NOW, null), "deniedLicenses"));
    assertEquals(List.of("JUnit@3.8.1"), components(SbomEvaluator.evaluate(load("examplemaven-spdx-2.3.json"), cpl,
        NOW, null), "deniedLicenses"));
    SbomRule gpl = rule(List.of("GPL-3.0-or-later"), List.of(), List.of(), List.of(), null);
    assertEquals(List.of("hello"), components(SbomEvaluator.evaluate(load("example1-spdx-2.2.spdx"), gpl, NOW, null),
        "deniedLicenses"));
  }

  private static Component withIds(String purl, String cpe) {
    return new Component("lodash", "2.4.2", purl, null, java.util.Map.of(), "acme", "c1", cpe);
  }

  private static SbomDocument docOf(Component... cs) {
    return new SbomDocument("CycloneDX", "1.5", "t", NOW, List.of(), List.of(), List.of(cs), 0, "t.json");
  }

  @Test
  void evaluate_unparsablePurl_deniedPackagesFailsNamingComponent() {
    SbomRule rule = new SbomRule(List.of(), List.of(), List.of("pkg:npm/lodash@<4.17.21"), List.of(), null);
    List<Violation> vs = SbomEvaluator.evaluate(docOf(withIds("pkg:npm/lodash@2.4.2?arch", null)), rule, NOW, null);
    assertEquals(1, vs.size());
    assertEquals("deniedPackages", vs.get(0).rule());
    assertEquals("pkg:npm/lodash@2.4.2?arch", vs.get(0).component());
    // a valid purl outside the rule passes; no purl at all is requiredFields' business
    assertEquals(List.of(), SbomEvaluator.evaluate(docOf(withIds("pkg:npm/lodash@4.17.21", null)), rule, NOW,
        null));
    assertEquals(List.of(), SbomEvaluator.evaluate(docOf(withIds(null, null)), rule, NOW, null));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} / {1} -> {2}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "-", value = {
      "pkg:npm/lodash@2.4.2 | - | true",
      "- | cpe:2.3:a:lodash:lodash:2.4.2:*:*:*:*:*:*:* | true",
      "- | cpe:/a:lodash:lodash:2.4.2 | true",
      "- | swid:lodash-2.4.2 | true",
      "pkg:npm/lodash@2.4.2?arch | - | false",
      "pkg:npm/lodash@2.4.2?arch=x86_64&arch=s390x | - | false",
      "pkg:npm/lodash@2.4.2?arch | cpe:2.3:a:lodash:lodash:2.4.2:*:*:*:*:*:*:* | false",
      "npm/lodash | - | false",
      "- | lodash 2.4.2 | false",
      "- | cpe:2.3:a:lodash | false",
      "- | - | false",
  })
  void evaluate_uniqueId_presentAndWellFormed(String purl, String cpe, boolean ok) {
    SbomRule rule = new SbomRule(List.of(), List.of(), List.of(), List.of("uniqueId"), null);
    assertEquals(ok ? 0 : 1, SbomEvaluator.evaluate(docOf(withIds(purl, cpe)), rule, NOW, null).size());
  }

  private static final SbomRule DENY_LODASH = new SbomRule(List.of(), List.of(), List.of("pkg:npm/lodash@<4.17.21"),
      List.of(), null);

  @Test
  void evaluate_spdxPackageWithTwoPurls_everyPurlChecked() throws Exception {
    String json = "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"bundle\",\"SPDXID\":\"SPDXRef-1\","
        + "\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\","
        + "\"referenceLocator\":\"pkg:npm/harmless@1.0.0\"},{\"referenceCategory\":\"PACKAGE-MANAGER\","
        + "\"referenceType\":\"purl\",\"referenceLocator\":\"pkg:npm/lodash@2.4.2\"}]}]}";
    SbomDocument doc = SbomParser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "two.spdx.json");
    List<Violation> vs = SbomEvaluator.evaluate(doc, DENY_LODASH, NOW, null);
    assertEquals(1, vs.size());
    assertEquals("pkg:npm/lodash@2.4.2", vs.get(0).found());
    String tv = "SPDXVersion: SPDX-2.3\nDocumentName: t\nPackageName: bundle\nSPDXID: SPDXRef-1\n"
        + "ExternalRef: PACKAGE-MANAGER purl pkg:npm/harmless@1.0.0\nExternalRef: PACKAGE-MANAGER purl pkg:npm/lodash@2.4.2\n";
    SbomDocument tagValue = SbomParser.parse(tv.getBytes(java.nio.charset.StandardCharsets.UTF_8), "two.spdx");
    assertEquals(List.of("pkg:npm/harmless@1.0.0", "pkg:npm/lodash@2.4.2"), tagValue.components().get(0).purls());
    assertEquals(1, SbomEvaluator.evaluate(tagValue, DENY_LODASH, NOW, null).size());
  }

  @Test
  void parse_tagValuePackageTagTwiceWithDifferentValues_malformed() {
    String tv = "SPDXVersion: SPDX-2.3\nDocumentName: t\nPackageName: x\nSPDXID: SPDXRef-1\n"
        + "PackageLicenseConcluded: MIT\nPackageLicenseConcluded: GPL-3.0-only\n";
    dev.verdict.ConfigException e = assertThrows(dev.verdict.ConfigException.class, () -> SbomParser.parse(
        tv.getBytes(java.nio.charset.StandardCharsets.UTF_8), "dup.spdx"));
    assertTrue(e.getMessage().contains("PackageLicenseConcluded: appears twice in package x"), e.getMessage());
  }
}
