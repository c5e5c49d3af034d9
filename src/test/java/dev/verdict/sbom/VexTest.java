package dev.verdict.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which VEX statements apply (product, then subcomponent) and which one wins (time, then strictness). */
class VexTest {
  private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String GIT_IMAGE = "sha256:23a264e6e429852221a963e9f17338ba3f5796dc7086e46439a6f4482cf6e0cb";
  private static final String SERIAL = "3e671687-395b-41f5-a30f-a58921a69b79";
  private static final VulnerabilityRule HIGH = new VulnerabilityRule("high", List.of(), null, List.of());
  private static final VulnerabilityReport.Finding LOG4SHELL = new VulnerabilityReport.Finding("CVE-2021-44228",
      List.of(), Severity.CRITICAL, LOG4J);

  private static VulnerabilityReport log4shell() {
    return new VulnerabilityReport("scan", "test", NOW, List.of(LOG4SHELL), true);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A CycloneDX BOM with serial {@link #SERIAL}, root app, one component (bom-ref lib) and a critical finding. */
  private static byte[] bom(String analysis) {
    return utf8("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"serialNumber\":\"urn:uuid:" + SERIAL
        + "\",\"version\":1,\"metadata\":{\"component\":{\"name\":\"app\",\"bom-ref\":\"app\"}},\"components\":[{"
        + "\"name\":\"log4j-core\",\"bom-ref\":\"lib\",\"purl\":\"" + LOG4J + "\"}],\"vulnerabilities\":[{\"id\":"
        + "\"CVE-2021-44228\",\"ratings\":[{\"severity\":\"critical\"}]," + analysis + "\"affects\":[{\"ref\":"
        + "\"lib\"}]}]}");
  }

  /** A separate CycloneDX VEX BOM: not_affected for {@code ref}. */
  private static Vex cdxVex(String ref) throws Exception {
    return Vex.parse(utf8("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"vulnerabilities\":[{"
        + "\"id\":\"CVE-2021-44228\",\"analysis\":{\"state\":\"not_affected\",\"justification\":\"code_not_present\"},"
        + "\"affects\":[{\"ref\":\"" + ref + "\"}]}]}"), "cdx.vex.json");
  }

  @ParameterizedTest(name = "{0} -> suppressed {1}")
  @CsvSource({
      "urn:cdx:" + SERIAL + "/1#lib, true",
      "urn:cdx:" + SERIAL + "#lib, true", // no version: any version of that BOM
      "urn:cdx:" + SERIAL + "/1#app, true", // the BOM's root: the whole product
      "urn:cdx:" + SERIAL + "/1, true", // the whole BOM
      "urn:cdx:" + SERIAL + "/2#lib, false", // another version of the BOM
      "urn:cdx:0d5a5f9a-0000-4000-8000-000000000000/1#lib, false", // another BOM's component of the same bom-ref
      "urn:cdx:" + SERIAL + "/1#other, false", // a bom-ref the BOM does not have
      "urn:cdx:" + SERIAL + "/x#lib, false", // malformed version
      "urn:cdx:" + SERIAL + "/1#%zz, false", // malformed escape
      "lib, false", // a bom-ref of the VEX BOM itself, which has no such component
  })
  void check_cycloneDxBomLink_onlyToThisBom(String ref, boolean suppressed) throws Exception {
    byte[] bom = bom("");
    VulnerabilityEvaluator.Result result = VulnerabilityEvaluator.check(VulnerabilityReport.read(bom, "app.cdx.json"),
        HIGH, List.of(cdxVex(ref)), VexSubject.of(bom, "app.cdx.json"), NOW);
    assertEquals(suppressed ? 0 : 1, result.violations().size());
    assertEquals(suppressed ? 1 : 0, result.suppressions().size());
  }

  @Test
  void check_bomOwnAnalysis_appliesToItsOwnComponentsOnly() throws Exception {
    byte[] bom = bom("\"analysis\":{\"state\":\"false_positive\"},");
    VulnerabilityReport r = VulnerabilityReport.read(bom, "app.cdx.json");
    VulnerabilityEvaluator.Result result = VulnerabilityEvaluator.check(r, HIGH,
        List.of(Vex.attached(bom, "app.cdx.json")), VexSubject.of(bom, "app.cdx.json"), NOW);
    assertEquals(List.of(), result.violations());
    assertEquals("CVE-2021-44228 in " + LOG4J + " suppressed by app.cdx.json vulnerabilities[0]: not_affected, "
        + "no timestamp", result.suppressions().get(0).describe());
    // read as a separate document, the bom-ref is the VEX BOM's own, which has no product purl naming the subject
    assertEquals(1, VulnerabilityEvaluator.evaluate(r, HIGH, List.of(Vex.parse(bom, "other.cdx.json")),
        VexSubject.of(bom, "app.cdx.json"), NOW).size());
  }

  private static String openVex(String documentTime, String... statements) {
    return "{\"@context\":\"https://openvex.dev/ns/v0.2.0\"" + (documentTime == null ? "" : ",\"timestamp\":\""
        + documentTime + "\"") + ",\"statements\":[" + String.join(",", statements) + "]}";
  }

  /** An OpenVEX statement about Log4Shell in log4j-core in product {@code product}. */
  private static String statement(String product, String status, String time) {
    return "{\"vulnerability\":{\"name\":\"CVE-2021-44228\"},\"products\":[{\"@id\":\"" + product + "\","
        + "\"subcomponents\":[{\"@id\":\"pkg:maven/org.apache.logging.log4j/log4j-core\"}]}],\"status\":\""
        + status + "\"" + (time == null ? "" : ",\"timestamp\":\"" + time + "\"") + (status.equals("not_affected")
        ? ",\"justification\":\"vulnerable_code_not_in_execute_path\"" : "") + "}";
  }

  private static Vex doc(String name, String json) throws Exception {
    return Vex.parse(utf8(json), name);
  }

  @ParameterizedTest(name = "{0} -> suppressed {1}")
  @CsvSource({
      "pkg:oci/git@" + GIT_IMAGE + ", true",
      "pkg:oci/other-name@" + GIT_IMAGE + "?repository_url=mirror.example/x, true", // the digest names the content
      "pkg:oci/git@sha256%3A23a264e6e429852221a963e9f17338ba3f5796dc7086e46439a6f4482cf6e0cb, true",
      "pkg:oci/git@sha256:b3a264e6e429852221a963e9f17338ba3f5796dc7086e46439a6f4482cf6e0cb, false",
      "pkg:oci/git, false", // every image called git: not this one
      "pkg:oci/git@latest, false", // a tag proves nothing
      GIT_IMAGE + ", true",
      "registry.example/team/git@" + GIT_IMAGE + ", true",
      "registry.example/team/git:latest, false",
      "pkg:maven/com.example/other-product@1.0, false", // another product with log4j inside
      "pkg:oci/git@sha256:%zz, false", // malformed purl: names nothing, throws nothing
      "pkg:/, false",
      "pkg:, false",
      "urn:cdx:" + SERIAL + "/1, false", // a BOM-link, but the subject is an image
  })
  void check_openVexProduct_mustNameTheImage(String product, boolean suppressed) throws Exception {
    Vex v = doc("x.openvex.json", openVex(null, statement(product, "not_affected", null)));
    VulnerabilityEvaluator.Result r = VulnerabilityEvaluator.check(log4shell(), HIGH, List.of(v),
        VexSubject.image(GIT_IMAGE), NOW);
    assertEquals(suppressed ? 0 : 1, r.violations().size());
    assertEquals(suppressed ? 1 : 0, r.suppressions().size());
  }

  @Test
  void check_subcomponentWithMalformedPurl_matchesNothing() throws Exception {
    String json = openVex(null, statement("pkg:oci/git@" + GIT_IMAGE, "not_affected", null)
        .replace("pkg:maven/org.apache.logging.log4j/log4j-core", "pkg:maven/%zz"));
    VulnerabilityReport bad = new VulnerabilityReport("scan", "test", NOW, List.of(new VulnerabilityReport.Finding(
        "CVE-2021-44228", List.of(), Severity.CRITICAL, "pkg:maven/%zz")), true);
    assertEquals(1, VulnerabilityEvaluator.evaluate(bad, HIGH, List.of(doc("m.json", json)),
        VexSubject.image(GIT_IMAGE), NOW).size());
  }

  @Test
  void check_openVexHashesAndIdentifiers_nameTheImageByDigest() throws Exception {
    String product = "{\"@id\":\"https://example.com/products/git\",\"identifiers\":{\"purl\":\"pkg:generic/git\"},"
        + "\"hashes\":{\"sha-256\":\"" + GIT_IMAGE.substring(7) + "\"},\"subcomponents\":[{\"identifiers\":"
        + "{\"purl\":\"" + LOG4J + "\"}}]}";
    Vex v = doc("h.json", openVex(null, "{\"vulnerability\":{\"name\":\"CVE-2021-44228\"},\"products\":["
        + product + "],\"status\":\"not_affected\",\"justification\":\"component_not_present\"}"));
    assertEquals(0, VulnerabilityEvaluator.evaluate(log4shell(), HIGH, List.of(v), VexSubject.image(GIT_IMAGE), NOW)
        .size());
    assertEquals(1, VulnerabilityEvaluator.evaluate(log4shell(), HIGH, List.of(v),
        VexSubject.image("sha256:" + "c".repeat(64)), NOW).size());
  }

  @Test
  void check_openVex001StatementSubcomponents_applyToItsProducts() throws Exception {
    Vex v = doc("old.json", "{\"statements\":[{\"vulnerability\":\"CVE-2021-44228\",\"products\":[\"pkg:oci/git@"
        + GIT_IMAGE + "\"],\"subcomponents\":[\"pkg:maven/org.apache.logging.log4j/log4j-api\"],\"status\":"
        + "\"not_affected\",\"impact_statement\":\"log4j-api has no JNDI lookup\"}]}");
    // the statement is about log4j-api in the image, not about log4j-core
    assertEquals(1, VulnerabilityEvaluator.evaluate(log4shell(), HIGH, List.of(v), VexSubject.image(GIT_IMAGE), NOW)
        .size());
  }

  @Test
  void check_findingWithoutComponent_onlyAWholeProductStatementSuppresses() throws Exception {
    VulnerabilityReport r = new VulnerabilityReport("scan", "test", NOW, List.of(new VulnerabilityReport.Finding(
        "CVE-2021-44228", List.of(), Severity.CRITICAL, null)), true);
    Vex sub = doc("s.json", openVex(null, statement("pkg:oci/git@" + GIT_IMAGE, "not_affected", null)));
    Vex whole = doc("w.json", openVex(null, "{\"vulnerability\":{\"name\":\"CVE-2021-44228\"},"
        + "\"products\":[{\"@id\":\"pkg:oci/git@" + GIT_IMAGE + "\"}],\"status\":\"not_affected\","
        + "\"justification\":\"component_not_present\"}"));
    VexSubject image = VexSubject.image(GIT_IMAGE);
    assertEquals(1, VulnerabilityEvaluator.evaluate(r, HIGH, List.of(sub), image, NOW).size());
    assertEquals(0, VulnerabilityEvaluator.evaluate(r, HIGH, List.of(whole), image, NOW).size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // name | first document (its time; statement status; statement time) | second document | suppressed
      "newer affected wins          | 2023-01-01T00:00:00Z;not_affected; | 2024-01-01T00:00:00Z;affected; | false",
      "newer not_affected wins      | 2023-01-01T00:00:00Z;affected; | 2024-01-01T00:00:00Z;not_affected; | true",
      "statement time over document | 2025-01-01T00:00:00Z;not_affected;2020-01-01T00:00:00Z | 2024-01-01T00:00:00Z;affected; | false",
      "tie: stricter wins           | 2024-01-01T00:00:00Z;not_affected; | 2024-01-01T00:00:00Z;affected; | false",
      "tie: fixed vs investigation  | 2024-01-01T00:00:00Z;fixed; | 2024-01-01T00:00:00Z;under_investigation; | false",
      "tie: fixed vs not_affected   | 2024-01-01T00:00:00Z;fixed; | 2024-01-01T00:00:00Z;not_affected; | true",
      "no time is oldest            | ;not_affected; | 2020-01-01T00:00:00Z;affected; | false",
      "no time loses to newer       | ;affected; | 2020-01-01T00:00:00Z;not_affected; | true",
      "both without time: stricter  | ;not_affected; | ;affected; | false",
      "offsets compared as instants | 2024-01-01T01:00:00+02:00;affected; | 2023-12-31T23:30:00Z;not_affected; | true",
  })
  void check_precedence_byTimeNeverByOrder(String name, String first, String second, boolean suppressed)
      throws Exception {
    Vex a = timed("a.json", first);
    Vex b = timed("b.json", second);
    VexSubject image = VexSubject.image(GIT_IMAGE);
    assertEquals(suppressed ? 0 : 1, VulnerabilityEvaluator.evaluate(log4shell(), HIGH, List.of(a, b), image, NOW)
        .size());
    assertEquals(suppressed ? 0 : 1, VulnerabilityEvaluator.evaluate(log4shell(), HIGH, List.of(b, a), image, NOW)
        .size());
  }

  private static Vex timed(String name, String spec) throws Exception {
    String[] p = spec.split(";", -1);
    return doc(name, openVex(p[0].isBlank() ? null : p[0].trim(), statement("pkg:oci/git@" + GIT_IMAGE,
        p[1].trim(), p[2].isBlank() ? null : p[2].trim())));
  }

  @Test
  void check_statementsInOneDocument_orderDoesNotMatter() throws Exception {
    String product = "pkg:oci/git@" + GIT_IMAGE;
    String older = statement(product, "not_affected", "2023-01-01T00:00:00Z");
    String newer = statement(product, "affected", "2024-01-01T00:00:00Z");
    for (String json : List.of(openVex(null, older, newer), openVex(null, newer, older))) {
      assertEquals(1, VulnerabilityEvaluator.evaluate(log4shell(), HIGH, List.of(doc("d.json", json)),
          VexSubject.image(GIT_IMAGE), NOW).size(), json);
    }
  }

  @Test
  void check_futureDatedNotAffected_suppressesNothing() throws Exception {
    Vex v = doc("f.json", openVex(null, statement("pkg:oci/git@" + GIT_IMAGE, "not_affected",
        "2099-01-01T00:00:00Z")));
    assertEquals(1, VulnerabilityEvaluator.evaluate(log4shell(), HIGH, List.of(v), VexSubject.image(GIT_IMAGE), NOW)
        .size());
  }

  @Test
  void check_suppression_namesDocumentStatementAndJustification() throws Exception {
    Vex v = doc("app.openvex.json", openVex("2024-01-01T00:00:00Z", statement("pkg:oci/git@" + GIT_IMAGE,
        "not_affected", null)));
    VulnerabilityEvaluator.Result r = VulnerabilityEvaluator.check(log4shell(), HIGH, List.of(v),
        VexSubject.image(GIT_IMAGE), NOW);
    assertEquals("CVE-2021-44228 in " + LOG4J + " suppressed by app.openvex.json statements[0]: not_affected "
        + "(vulnerable_code_not_in_execute_path), 2024-01-01T00:00:00Z", r.suppressions().get(0).describe());
  }

  @Test
  void parse_notAffectedWithoutJustification_configException() {
    ConfigException e = assertThrows(ConfigException.class, () -> doc("j.json", openVex(null,
        statement("pkg:oci/git@" + GIT_IMAGE, "not_affected", null).replace(",\"justification\":"
        + "\"vulnerable_code_not_in_execute_path\"", ""))));
    assertEquals("j.json: statements[0]: not_affected needs a justification or an impact_statement", e.getMessage());
  }

  @Test
  void subjectOf_duplicateBomRef_configException() {
    byte[] bom = utf8(new String(bom(""), StandardCharsets.UTF_8).replace("\"bom-ref\":\"app\"",
        "\"bom-ref\":\"lib\""));
    ConfigException e = assertThrows(ConfigException.class, () -> VexSubject.of(bom, "dup.cdx.json"));
    assertEquals("dup.cdx.json: components[0].bom-ref: 'lib' is the bom-ref of another component too", e.getMessage());
    assertThrows(ConfigException.class, () -> VulnerabilityReport.read(bom, "dup.cdx.json"));
  }

  @Test
  void parse_subcomponentWithoutIdentifier_configExceptionNotWholeProduct() {
    ConfigException e = assertThrows(ConfigException.class, () -> doc("n.json", openVex(null,
        statement("pkg:oci/git@" + GIT_IMAGE, "not_affected", null).replace(
        "{\"@id\":\"pkg:maven/org.apache.logging.log4j/log4j-core\"}", "{\"@id\":\"\"}"))));
    assertEquals("n.json: statements[0].products[0].subcomponents: names no identifier (@id, identifiers.purl or "
        + "hashes)", e.getMessage());
  }

  @Test
  void parse_malformedTimestamp_configExceptionNamingField() {
    ConfigException e = assertThrows(ConfigException.class, () -> doc("t.json", openVex(null,
        statement("pkg:oci/git@" + GIT_IMAGE, "affected", "yesterday"))));
    assertEquals("t.json: statements[0].timestamp: not an RFC 3339 timestamp: yesterday", e.getMessage());
  }

  @Test
  void appliesTo_openVexFixture_imageAndSubcomponentWithQualifiers() throws Exception {
    Vex v = Vex.read(Path.of("testdata/sbom/openvex-not-affected.json"));
    Vex.Statement s = v.statements().get(0);
    assertEquals(Vex.Status.NOT_AFFECTED, s.status());
    assertEquals(Instant.parse("2023-01-10T03:23:03.579712389Z"), s.time());
    VexSubject git = VexSubject.image(GIT_IMAGE);
    assertTrue(s.appliesTo(git, new VulnerabilityReport.Finding("CVE-2023-12345", List.of(), Severity.HIGH,
        "pkg:apk/alpine/git@2.38.1-r0?arch=x86_64&distro=alpine-3.17")));
    assertFalse(s.appliesTo(git, new VulnerabilityReport.Finding("CVE-2023-12345", List.of(), Severity.HIGH,
        "pkg:apk/alpine/git@2.38.1-r0?arch=s390x")));
    assertFalse(s.appliesTo(git, new VulnerabilityReport.Finding("CVE-2023-12345", List.of(), Severity.HIGH,
        "pkg:apk/alpine/git@2.38.2-r0?arch=x86_64")));
    assertFalse(s.appliesTo(git, new VulnerabilityReport.Finding("CVE-2023-99999", List.of(), Severity.HIGH,
        "pkg:apk/alpine/git@2.38.1-r0?arch=x86_64")));
    // the same package in another image: the statement is about image git@sha256:23a2..., not this one
    assertFalse(s.appliesTo(VexSubject.image("sha256:" + "d".repeat(64)), new VulnerabilityReport.Finding(
        "CVE-2023-12345", List.of(), Severity.HIGH, "pkg:apk/alpine/git@2.38.1-r0?arch=x86_64")));
    assertFalse(s.appliesTo(git, new VulnerabilityReport.Finding("CVE-2023-12345", List.of(), Severity.HIGH, null)));
  }

  @Test
  void samePackage_malformedPurl_matchesNothingNotEvenItself() {
    assertFalse(Vex.samePackage("pkg:apk/alpine/git@2.38.1-r0?arch", "pkg:apk/alpine/git@2.38.1-r0?arch"));
    assertFalse(Vex.samePackage("pkg:maven/%zz", "pkg:maven/%zz"));
    assertTrue(Vex.samePackage("pkg:maven/g/a", "pkg:maven/g/a@1.0"));
    assertFalse(Vex.samePackage("pkg:maven/g/a@1.0", "pkg:maven/g/a"));
  }

  /**
   * PIT survivors that widened suppression: a VEX product names a BOM only by the BOM's own root purl, serial or an
   * in-toto subject digest; another package, another digest, nothing at all, or a malformed BOM-link names nothing.
   */
  @Test
  void names_onlyTheSubjectsOwnIdentities() throws Exception {
    String d = "a".repeat(64);
    VexSubject bom = VexSubject.of(("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"serialNumber\":"
        + "\"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\",\"version\":2,\"metadata\":{\"component\":"
        + "{\"bom-ref\":\"root\",\"type\":\"application\",\"name\":\"app\",\"purl\":\"pkg:npm/app@1.0.0\"}}}")
        .getBytes(StandardCharsets.UTF_8), "app.cdx.json");
    assertTrue(bom.names("pkg:npm/app@1.0.0"));
    assertTrue(bom.names("pkg:npm/app"));
    assertFalse(bom.names("pkg:npm/other@1.0.0"));
    assertFalse(bom.names("pkg:npm/app@2.0.0"));
    assertFalse(bom.names(null));
    assertTrue(bom.names("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/2"));
    assertTrue(bom.names("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/2#root"));
    assertFalse(bom.names("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/3"));
    assertFalse(bom.names("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/2#other"));
    assertFalse(bom.names("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/0"));
    assertFalse(bom.names("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/2#"));
    assertFalse(bom.names("urn:cdx:/2"));
    assertFalse(bom.names("sha256:" + d));

    VexSubject statement = VexSubject.of(("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":"
        + "\"https://cyclonedx.org/bom\",\"subject\":[{\"name\":\"app\",\"digest\":{\"sha256\":\"" + d + "\"}}]}")
        .getBytes(StandardCharsets.UTF_8), "statement.json");
    assertTrue(statement.names("sha256:" + d));
    assertTrue(statement.names("registry.example/app@sha256:" + d));
    assertTrue(statement.hasHash("SHA-256", d));
    assertFalse(statement.hasHash("sha-512", d));
    assertFalse(statement.hasHash("sha-256", "b".repeat(64)));
    assertFalse(statement.hasHash("sha-256", null));
    assertFalse(statement.names("sha256:" + "b".repeat(64)));
    assertFalse(statement.names("pkg:npm/app@1.0.0"));
  }

  /** PIT survivors in Vex.sameComponent: two different purls or bom-refs are never the same component. */
  @Test
  void sameComponent_purlsComparedAsPackages_refsExactly() {
    assertTrue(Vex.sameComponent(LOG4J, LOG4J));
    assertFalse(Vex.sameComponent(LOG4J, "pkg:maven/org.example/other@2.14.1"));
    assertFalse(Vex.sameComponent("pkg:maven/org.example/other@2.14.1", LOG4J));
    assertFalse(Vex.sameComponent(LOG4J, "lib"));
    assertFalse(Vex.sameComponent("lib", LOG4J));
    assertTrue(Vex.sameComponent("lib", "lib"));
    assertFalse(Vex.sameComponent("lib", "lib2"));
  }

  /**
   * PIT survivor in VexReader (a separate CycloneDX VEX BOM): a plain bom-ref of one of its components covers that
   * component only; only the VEX BOM's own root covers the whole product.
   */
  @ParameterizedTest(name = "affects {0} -> suppressed {1}")
  @CsvSource({"vexroot, true", "same, true", "other, false", "missing, false"})
  void check_separateCycloneDxVex_componentRefCoversThatComponentOnly(String ref, boolean suppressed)
      throws Exception {
    byte[] bom = utf8(new String(bom(""), StandardCharsets.UTF_8).replace("\"bom-ref\":\"app\"}",
        "\"bom-ref\":\"app\",\"purl\":\"pkg:npm/app@1.0.0\"}"));
    Vex vex = Vex.parse(utf8("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"metadata\":"
        + "{\"component\":{\"name\":\"app\",\"bom-ref\":\"vexroot\",\"purl\":\"pkg:npm/app@1.0.0\"}},"
        + "\"components\":[{\"name\":\"log4j-core\",\"bom-ref\":\"same\",\"purl\":\"" + LOG4J + "\"},"
        + "{\"name\":\"other\",\"bom-ref\":\"other\",\"purl\":\"pkg:maven/org.example/other@2.14.1\"}],"
        + "\"vulnerabilities\":[{\"id\":\"CVE-2021-44228\",\"analysis\":{\"state\":\"not_affected\","
        + "\"justification\":\"code_not_present\"},\"affects\":[{\"ref\":\"" + ref + "\"}]}]}"), "vex.cdx.json");
    VulnerabilityEvaluator.Result result = VulnerabilityEvaluator.check(VulnerabilityReport.read(bom, "app.cdx.json"),
        HIGH, List.of(vex), VexSubject.of(bom, "app.cdx.json"), NOW);
    assertEquals(suppressed ? 0 : 1, result.violations().size(), ref);
  }

  /**
   * PIT survivor in VexReader: a CycloneDX analysis is dated by lastUpdated, not firstIssued. An "affected" updated
   * after an OpenVEX "not_affected" wins, though it was first issued before it.
   */
  @Test
  void check_cycloneDxAnalysis_datedByLastUpdatedNotFirstIssued() throws Exception {
    byte[] bom = bom("");
    Vex cdx = Vex.parse(utf8("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"vulnerabilities\":["
        + "{\"id\":\"CVE-2021-44228\",\"analysis\":{\"state\":\"exploitable\",\"firstIssued\":"
        + "\"2025-01-01T00:00:00Z\",\"lastUpdated\":\"2025-05-01T00:00:00Z\"},\"affects\":[{\"ref\":\"urn:cdx:"
        + SERIAL + "/1#lib\"}]}]}"), "cdx.vex.json");
    Vex open = Vex.parse(utf8(openVex(null, statement("urn:cdx:" + SERIAL + "/1", "not_affected",
        "2025-03-01T00:00:00Z"))), "open.vex.json");
    assertEquals(0, VulnerabilityEvaluator.check(VulnerabilityReport.read(bom, "app.cdx.json"), HIGH, List.of(open),
        VexSubject.of(bom, "app.cdx.json"), NOW).violations().size(), "alone, the not_affected suppresses");
    for (List<Vex> docs : List.of(List.of(cdx, open), List.of(open, cdx))) {
      VulnerabilityEvaluator.Result result = VulnerabilityEvaluator.check(
          VulnerabilityReport.read(bom, "app.cdx.json"), HIGH, docs, VexSubject.of(bom, "app.cdx.json"), NOW);
      assertEquals(1, result.violations().size(), "the newer exploitable analysis must win");
    }
  }
}
