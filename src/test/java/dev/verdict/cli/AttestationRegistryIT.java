package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import dev.verdict.attestation.Envelopes;
import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.BundleAttacher;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Attestation policies end to end: SLSA v1 provenance, CycloneDX SBOM and vulnerability statements, signed with a
 * test key ({@code .att} layers) or keyless by the test Sigstore (DSSE bundles as referrers), from the real registry,
 * from an OCI layout and from local files.
 */
class AttestationRegistryIT {
  static final String SLSA = "https://slsa.dev/provenance/v1";
  static final String CDX = "https://cyclonedx.org/bom";
  static final String VULNS = "https://in-toto.io/attestation/vulns/v0.1";
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static final KeyPair OTHER = ClassicSigner.ecKey("secp256r1");
  static RegistryServer registry;
  static OciPusher push;
  static TestSigstore sigstore;
  static String provenance;
  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    push = new OciPusher(registry.host());
    sigstore = TestSigstore.create();
    sigstore.writeTrustedRoot(tmp.resolve("trusted_root.json"));
    Files.writeString(tmp.resolve("release.pub"), ClassicSigner.pem(KEY));
    JsonNode st = Json.mapper().readTree(Path.of(
        "testdata/in-toto/statements/slsa.dev_provenance_v1/8ceb4ab812773147.json").toFile());
    provenance = st.get("predicate").toString();
    Files.writeString(tmp.resolve("key-policy.yaml"), policy(registry.host() + "/key/**", "release",
        "key: {path: release.pub}", "https://github.com/sigstore/sigstore-js"));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String policy(String images, String authority, String authorityBody, String repository) {
    return String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: provenance-" + authority + "}",
        "spec:",
        "  images: [\"" + images + "\"]",
        "  authorities:",
        "    - name: " + authority,
        "      " + authorityBody,
        "  attestations:",
        "    - name: provenance",
        "      predicateType: " + SLSA,
        "      from: [" + authority + "]",
        "      conditions:",
        "        - expr: 'predicate.buildDefinition.externalParameters.workflow.repository == \"" + repository + "\"'",
        "          message: built from the wrong repository",
        "      slsa:",
        "        builderId: https://github.com/actions/runner/github-hosted",
        "        sourceRef: refs/heads/main",
        "");
  }

  /** Writes a policy over HOST/{@code images} whose attestation rules ({@code rules}) trust the release key. */
  static void keyPolicy(String file, String name, String images, String... rules) throws java.io.IOException {
    List<String> lines = new java.util.ArrayList<>(List.of(
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: " + name + "}",
        "spec:",
        "  images: [\"" + registry.host() + "/" + images + "\"]",
        "  authorities: [{name: release, key: {path: release.pub}}]",
        "  attestations:"));
    lines.addAll(List.of(rules));
    Files.writeString(tmp.resolve(file), String.join("\n", lines));
  }

  static byte[] statement(String predicateType, String predicate, Digest... about) {
    String[] digests = java.util.Arrays.stream(about).map(Digest::toString).toArray(String[]::new);
    return Envelopes.statement(predicateType, predicate, digests);
  }

  /** Pushes an image with one .att layer per envelope; returns the image digest. */
  static Digest attested(String repo, java.util.function.Function<Digest, List<ClassicSigner.Layer>> layers,
      List<String> mediaTypes) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    push.push(repo, ClassicSigner.manifest(layers.apply(d), mediaTypes), d.tagPrefix() + ".att");
    return d;
  }

  static ClassicSigner.Layer att(KeyPair k, String hint, byte[] statement) {
    return new ClassicSigner.Layer(Envelopes.signed(k, "application/vnd.in-toto+json", statement),
        Map.of("predicateType", hint));
  }

  static Cli.Result verify(String repo, String policyFile, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("verify", registry.host() + "/" + repo + ":1.0",
        "--policy", tmp.resolve(policyFile).toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  static final List<String> DSSE = List.of(MediaTypes.DSSE_ENVELOPE);

  @Test
  void keySignedProvenance_allows() throws Exception {
    attested("key/ok", d -> List.of(att(KEY, SLSA, statement(SLSA, provenance, d))), DSSE);
    Cli.Result r = verify("key/ok", "key-policy.yaml");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("pass  attestation.condition [provenance]"), r.out());
    assertTrue(r.out().contains("pass  attestation.slsa [provenance]"), r.out());
  }

  @Test
  void negatives_eachDenyWithTheirReason() throws Exception {
    attested("key/wrongtype", d -> List.of(att(KEY, SLSA, statement("https://slsa.dev/provenance/v0.2", provenance,
        d))), DSSE);
    assertDenied(verify("key/wrongtype", "key-policy.yaml"), "attestation.predicate-type");
    attested("key/otherdigest", d -> List.of(att(KEY, SLSA, statement(SLSA, provenance,
        Digest.sha256("other".getBytes(StandardCharsets.UTF_8))))), DSSE);
    assertDenied(verify("key/otherdigest", "key-policy.yaml"), "attestation.subject");
    attested("key/otherkey", d -> List.of(att(OTHER, SLSA, statement(SLSA, provenance, d))), DSSE);
    assertDenied(verify("key/otherkey", "key-policy.yaml"), "attestation.signature");
    attested("key/sigposing", d -> List.of(ClassicSigner.Layer.signed(KEY, ClassicSigner.payload(registry.host()
        + "/key/sigposing", d))), List.of(MediaTypes.COSIGN_SIMPLE_SIGNING));
    assertDenied(verify("key/sigposing", "key-policy.yaml"), "attestation.envelope");
    Cli.Result none = verify("key/unattested-" + 0, "key-policy.yaml");
    assertEquals(1, none.code(), none.toString());
  }

  static void assertDenied(Cli.Result r, String reason) {
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("skip  " + reason + " [provenance]"), r.out());
    assertTrue(r.out().contains("fail  attestation [provenance]"), r.out());
  }

  @Test
  void twoSubjectsOneOfThemTheImage_allows() throws Exception {
    attested("key/twosubjects", d -> List.of(att(KEY, SLSA, statement(SLSA, provenance,
        Digest.sha256("sibling".getBytes(StandardCharsets.UTF_8)), d))), DSSE);
    Cli.Result r = verify("key/twosubjects", "key-policy.yaml");
    assertEquals(0, r.code(), r.toString());
  }

  @Test
  void conditionFalse_deniesWithItsMessage() throws Exception {
    Files.writeString(tmp.resolve("other-repo.yaml"), policy(registry.host() + "/key/**", "release",
        "key: {path: release.pub}", "https://github.com/acme/app"));
    attested("key/cel", d -> List.of(att(KEY, SLSA, statement(SLSA, provenance, d))), DSSE);
    Cli.Result r = verify("key/cel", "other-repo.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("fail  attestation.condition [provenance]: built from the wrong repository"), r.out());
  }

  static String keylessPolicy(String images, String subjectRegExp) {
    return policy(images, "ci", String.join("\n",
        "keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities:",
        "          - issuer: " + TestSigstore.GITHUB_ISSUER,
        "            subjectRegExp: '" + subjectRegExp + "'"), "https://github.com/sigstore/sigstore-js");
  }

  @Test
  void keylessProvenanceBundle_fromRegistryAndFromLayout() throws Exception {
    Files.writeString(tmp.resolve("keyless.yaml"), keylessPolicy("**",
        "^https://github\\.com/sigstore/sigstore-js/\\.github/workflows/release\\.yml@refs/heads/main$"));
    TestSigner ci = sigstore.githubSigner("sigstore/sigstore-js", ".github/workflows/release.yml@refs/heads/main");
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = push.push("keyless/app", image, "1.0");
    byte[] bundle = ci.dsseBundle(statement(SLSA, provenance, d), TestSigner.Options.defaults());
    new BundleAttacher(push, "keyless/app", image.descriptor()).attach(bundle);
    Cli.Result r = verify("keyless/app", "keyless.yaml");
    assertEquals(0, r.code(), r.toString());

    Path layout = TestImages.layout(tmp.resolve("layout")).add(image, Map.of("org.opencontainers.image.ref.name",
        "1.0")).store(BundleAttacher.referrer(image.descriptor(), bundle))
        .entry(TestImages.withArtifactType(BundleAttacher.referrer(image.descriptor(), bundle).descriptor(),
            MediaTypes.SIGSTORE_BUNDLE_V03)).write();
    Cli.Result fromLayout = Cli.run("verify", "oci:" + layout, "--policy", tmp.resolve("keyless.yaml").toString());
    assertEquals(0, fromLayout.code(), fromLayout.toString());

    TestSigner fork = sigstore.githubSigner("evil/sigstore-js", ".github/workflows/release.yml@refs/heads/main");
    TestImages.Image forked = TestImages.randomImage(false);
    Digest fd = push.push("keyless/fork", forked, "1.0");
    new BundleAttacher(push, "keyless/fork", forked.descriptor())
        .attach(fork.dsseBundle(statement(SLSA, provenance, fd), TestSigner.Options.defaults()));
    Cli.Result denied = verify("keyless/fork", "keyless.yaml");
    assertEquals(1, denied.code(), denied.toString());
    assertTrue(denied.out().contains("skip  attestation.signature [provenance]"), denied.out());
  }

  @Test
  void sbomAttestation_deniedLicenseAndPackageNamed() throws Exception {
    keyPolicy("sbom.yaml", "sbom", "sbom/**",
        "    - name: sbom",
        "      predicateType: " + CDX,
        "      from: [release]",
        "      sbom:",
        "        deniedLicenses: [GPL-2.0-only]",
        "        deniedPackages: [\"pkg:npm/lodash@<4.17.21\"]",
        "");
    String bom = Files.readString(Path.of("testdata/sbom/juice-shop-cdx-1.4.json"));
    attested("sbom/shop", d -> List.of(att(KEY, CDX, statement(CDX, bom, d))), DSSE);
    Cli.Result r = verify("sbom/shop", "sbom.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("fail  sbom.deniedLicenses [sbom]: pkg:npm/fuzzball@1.4.0"), r.out());
    assertTrue(r.out().contains("fail  sbom.deniedPackages [sbom]: pkg:npm/lodash@2.4.2"), r.out());
  }

  @Test
  void spdxAttestation_deniedLicenseNamed() throws Exception {
    String spdx = "https://spdx.dev/Document";
    keyPolicy("spdx.yaml", "spdx", "spdx/**",
        "    - name: sbom",
        "      predicateType: " + spdx,
        "      from: [release]",
        "      sbom: {deniedLicenses: [CPL-1.0]}",
        "");
    String doc = Files.readString(Path.of("testdata/sbom/examplemaven-spdx-2.3.json"));
    attested("spdx/app", d -> List.of(att(KEY, spdx, statement(spdx, doc, d))), DSSE);
    Cli.Result r = verify("spdx/app", "spdx.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("fail  sbom.deniedLicenses [sbom]: JUnit@3.8.1"), r.out());
  }

  @Test
  void sbomMaxAge_fallsBackToTheLogProvenSigningTime() throws Exception {
    Files.writeString(tmp.resolve("fresh.yaml"), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: fresh}",
        "spec:",
        "  images: [\"" + registry.host() + "/fresh/**\"]",
        "  authorities:",
        "    - {name: release, key: {path: release.pub}}",
        "    - name: ci",
        "      keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities: [{issuer: " + TestSigstore.GITHUB_ISSUER + ", subjectRegExp: '^https://github\\.com/acme/.+$'}]",
        "  attestations:",
        "    - {name: sbom, predicateType: " + CDX + ", from: [release, ci], sbom: {maxAge: 30d}}",
        ""));
    String undated = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[]}";
    attested("fresh/keysigned", d -> List.of(att(KEY, CDX, statement(CDX, undated, d))), DSSE);
    Cli.Result noTime = verify("fresh/keysigned", "fresh.yaml");
    assertEquals(1, noTime.code(), noTime.toString());
    assertTrue(noTime.out().contains("fail  sbom.maxAge [sbom]"), noTime.out());
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = push.push("fresh/keyless", image, "1.0");
    new BundleAttacher(push, "fresh/keyless", image.descriptor()).attach(sigstore.githubSigner("acme/app",
        ".github/workflows/sbom.yml@refs/heads/main").dsseBundle(statement(CDX, undated, d),
        TestSigner.Options.defaults()));
    Cli.Result logged = verify("fresh/keyless", "fresh.yaml");
    assertEquals(0, logged.code(), logged.toString());
  }

  @Test
  void unsignedEnvelope_isRejected() throws Exception {
    attested("key/unsigned-envelope", d -> List.of(new ClassicSigner.Layer(("{\"payloadType\":"
        + "\"application/vnd.in-toto+json\",\"payload\":\"" + java.util.Base64.getEncoder().encodeToString(
        statement(SLSA, provenance, d)) + "\",\"signatures\":[]}").getBytes(StandardCharsets.UTF_8),
        Map.of("predicateType", SLSA))), DSSE);
    Cli.Result r = verify("key/unsigned-envelope", "key-policy.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("fail  attestation [provenance]"), r.out());
  }

  @Test
  void vulnerabilityAttestation_aboveBudgetDenies() throws Exception {
    keyPolicy("vulns.yaml", "vulns", "vulns/**",
        "    - name: scan",
        "      predicateType: " + VULNS,
        "      from: [release]",
        "      vulnerabilities: {maxSeverity: high}",
        "");
    String predicate = Json.mapper().readTree(Path.of("testdata/sbom/intoto-vulns-v0.1-log4j.json").toFile())
        .get("predicate").toString();
    attested("vulns/app", d -> List.of(att(KEY, VULNS, statement(VULNS, predicate, d))), DSSE);
    Cli.Result r = verify("vulns/app", "vulns.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("fail  vulnerabilities.maxSeverity [scan]"), r.out());
  }

  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String VULN = "https://cosign.sigstore.dev/attestation/vuln/v1";
  private static final String OPENVEX = "https://openvex.dev/ns/v0.2.0";
  private static final String SCAN = "{\"scanner\":{\"uri\":\"pkg:github/aquasecurity/trivy@0.50.0\",\"version\":"
      + "\"0.50.0\",\"result\":{\"SchemaVersion\":2,\"Results\":[{\"Target\":\"app\",\"Vulnerabilities\":[{"
      + "\"VulnerabilityID\":\"CVE-2021-44228\",\"PkgName\":\"log4j-core\",\"InstalledVersion\":\"2.14.1\","
      + "\"PkgIdentifier\":{\"PURL\":\"" + LOG4J + "\"},\"Severity\":\"CRITICAL\"}]}]}},"
      + "\"metadata\":{\"scanStartedOn\":\"2026-11-22T10:00:00Z\",\"scanFinishedOn\":\"2026-11-22T10:01:00Z\"}}";

  /** An OpenVEX document about Log4Shell in log4j-core in {@code product}, of time {@code time}. */
  private static String openvex(String product, String status, String time) {
    return "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://example.com/vex/" + status + "\","
        + "\"author\":\"security\",\"timestamp\":\"" + time + "\",\"version\":1,\"statements\":[{"
        + "\"vulnerability\":{\"name\":\"CVE-2021-44228\"},\"products\":[{\"@id\":\"" + product + "\","
        + "\"subcomponents\":[{\"@id\":\"" + LOG4J + "\"}]}],\"status\":\"" + status + "\""
        + (status.equals("not_affected") ? ",\"justification\":\"vulnerable_code_not_in_execute_path\"" : "") + "}]}";
  }

  private static ClassicSigner.Layer vexLayer(KeyPair k, String json, Digest d) {
    return att(k, OPENVEX, statement(OPENVEX, json, d));
  }

  private static final List<String> THREE = List.of(MediaTypes.DSSE_ENVELOPE, MediaTypes.DSSE_ENVELOPE,
      MediaTypes.DSSE_ENVELOPE);

  @Test
  void vexAttestation_suppressesAFindingSignedByTheSameAuthority() throws Exception {
    keyPolicy("vuln-budget.yaml", "budget", "vex/**",
        "    - name: scan",
        "      predicateType: https://cosign.sigstore.dev/attestation/vuln/v1",
        "      from: [release]",
        "      vulnerabilities: {maxSeverity: high, deniedIds: [CVE-2021-44228]}",
        "");
    List<String> two = List.of(MediaTypes.DSSE_ENVELOPE, MediaTypes.DSSE_ENVELOPE);
    attested("vex/unsuppressed", d -> List.of(att(KEY, VULN, statement(VULN, SCAN, d))), List.of(
        MediaTypes.DSSE_ENVELOPE));
    Cli.Result denied = verify("vex/unsuppressed", "vuln-budget.yaml");
    assertEquals(1, denied.code(), denied.toString());
    attested("vex/suppressed", d -> List.of(att(KEY, VULN, statement(VULN, SCAN, d)),
        vexLayer(KEY, openvex("pkg:oci/suppressed@" + d, "not_affected", "2026-11-23T00:00:00Z"), d)), two);
    Cli.Result allowed = verify("vex/suppressed", "vuln-budget.yaml");
    assertEquals(0, allowed.code(), allowed.toString());
    assertTrue(allowed.out().contains("pass  attestation.vex [scan]"), allowed.out());
    // the suppression is a check of its own, naming document, statement and justification
    assertTrue(allowed.out().contains("pass  vulnerabilities.vex [scan]: CVE-2021-44228 in " + LOG4J
        + " suppressed by "), allowed.out());
    assertTrue(allowed.out().contains("statements[0]: not_affected (vulnerable_code_not_in_execute_path), "
        + "2026-11-23T00:00:00Z"), allowed.out());
    attested("vex/otherkey", d -> List.of(att(KEY, VULN, statement(VULN, SCAN, d)),
        vexLayer(OTHER, openvex("pkg:oci/otherkey@" + d, "not_affected", "2026-11-23T00:00:00Z"), d)), two);
    assertEquals(1, verify("vex/otherkey", "vuln-budget.yaml").code(), "a VEX signed by another key is ignored");
  }

  @Test
  void vexAttestation_aboutAnotherProduct_suppressesNothing() throws Exception {
    keyPolicy("vuln-denied.yaml", "denied", "vexother/**",
        "    - name: scan",
        "      predicateType: https://cosign.sigstore.dev/attestation/vuln/v1",
        "      from: [release]",
        "      vulnerabilities: {deniedIds: [CVE-2021-44228]}",
        "");
    // signed by the right key and attached to this image, but its product is another image with log4j inside
    String other = "pkg:oci/other@sha256:" + "b".repeat(64);
    attested("vexother/app", d -> List.of(att(KEY, VULN, statement(VULN, SCAN, d)),
        vexLayer(KEY, openvex(other, "not_affected", "2026-11-23T00:00:00Z"), d)),
        List.of(MediaTypes.DSSE_ENVELOPE, MediaTypes.DSSE_ENVELOPE));
    Cli.Result r = verify("vexother/app", "vuln-denied.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("fail  vulnerabilities.deniedIds [scan]"), r.out());
    assertTrue(r.out().contains("skip  vulnerabilities.vex [scan]: "), r.out());
    assertTrue(r.out().contains("(not_affected) is about CVE-2021-44228 but does not apply to " + LOG4J
        + " here: no product names image sha256:"), r.out());
    // a product that is only the package, not this image, is not about this image either
    attested("vexother/bare", d -> List.of(att(KEY, VULN, statement(VULN, SCAN, d)), vexLayer(KEY,
        "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{\"vulnerability\":{\"name\":"
        + "\"CVE-2021-44228\"},\"products\":[{\"@id\":\"" + LOG4J + "\"}],\"status\":\"not_affected\",\"justification\":"
        + "\"vulnerable_code_not_in_execute_path\"}]}", d)),
        List.of(MediaTypes.DSSE_ENVELOPE, MediaTypes.DSSE_ENVELOPE));
    assertEquals(1, verify("vexother/bare", "vuln-denied.yaml").code());
  }

  @Test
  void vexAttestations_reorderedLayers_newestStatementStillWins() throws Exception {
    keyPolicy("vuln-order.yaml", "order", "vexorder/**",
        "    - name: scan",
        "      predicateType: https://cosign.sigstore.dev/attestation/vuln/v1",
        "      from: [release]",
        "      vulnerabilities: {maxSeverity: high}",
        "");
    // an old not_affected and a newer affected, both signed: whatever the layer order, affected decides
    for (boolean oldFirst : List.of(true, false)) {
      String repo = "vexorder/app-" + oldFirst;
      attested(repo, d -> {
        ClassicSigner.Layer old = vexLayer(KEY, openvex("pkg:oci/app@" + d, "not_affected", "2026-01-01T00:00:00Z"),
            d);
        ClassicSigner.Layer newer = vexLayer(KEY, openvex("pkg:oci/app@" + d, "affected", "2026-11-01T00:00:00Z"), d);
        ClassicSigner.Layer scan = att(KEY, VULN, statement(VULN, SCAN, d));
        return oldFirst ? List.of(scan, newer, old) : List.of(scan, old, newer);
      }, THREE);
      Cli.Result r = verify(repo, "vuln-order.yaml");
      assertEquals(1, r.code(), repo + ": " + r);
    }
  }

  @Test
  void vexAttestation_signedButUnreadable_deniesRatherThanDroppingItsStatements() throws Exception {
    keyPolicy("vuln-unreadable.yaml", "unreadable", "vexbroken/**",
        "    - name: scan",
        "      predicateType: https://cosign.sigstore.dev/attestation/vuln/v1",
        "      from: [release]",
        "      vulnerabilities: {maxSeverity: high}",
        "");
    // an old not_affected (readable) and a newer document that the signer wrote but verdict cannot read (its
    // not_affected lacks the justification OpenVEX requires): skipping the second would let the first suppress
    String repo = "vexbroken/app";
    attested(repo, d -> List.of(att(KEY, VULN, statement(VULN, SCAN, d)),
        vexLayer(KEY, openvex("pkg:oci/app@" + d, "not_affected", "2026-01-01T00:00:00Z"), d),
        vexLayer(KEY, openvex("pkg:oci/app@" + d, "not_affected", "2026-11-01T00:00:00Z")
            .replace(",\"justification\":\"vulnerable_code_not_in_execute_path\"", ""), d)), THREE);
    Cli.Result r = verify(repo, "vuln-unreadable.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("signed OpenVEX attestation is not readable"), r.out());
  }

  @Test
  void localAttestationFile_forALayout() throws Exception {
    TestImages.Image image = TestImages.randomImage(false);
    Path layout = TestImages.layout(tmp.resolve("local-layout")).add(image, Map.of(
        "org.opencontainers.image.ref.name", "1.0", "io.containerd.image.name", registry.host() + "/key/local:1.0"))
        .write();
    Path file = Files.write(tmp.resolve("provenance.dsse.json"), Envelopes.signed(KEY, "application/vnd.in-toto+json",
        statement(SLSA, provenance, image.digest())));
    Cli.Result without = Cli.run("verify", "oci:" + layout, "--policy", tmp.resolve("key-policy.yaml").toString());
    assertEquals(1, without.code(), without.toString());
    Cli.Result with = Cli.run("verify", "oci:" + layout, "--policy", tmp.resolve("key-policy.yaml").toString(),
        "--attestation", file.toString());
    assertEquals(0, with.code(), with.toString());
  }

  @Test
  void celCompileError_exitsThreeAtItsLine() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad-cel.yaml"), policy("**", "release", "key: {path: release.pub}",
        "x").replace("workflow.repository ==", "workflow.repository =="
        + "=")); 
    Cli.Result r = Cli.run("verify", "oci:testdata/layouts/hello", "--policy", bad.toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("verdict: " + bad + ":14:"), r.err());
  }
}
