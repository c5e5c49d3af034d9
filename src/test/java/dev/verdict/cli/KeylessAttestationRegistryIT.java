package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import dev.verdict.attestation.Envelopes;
import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.testing.BinVerdict;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.BundleAttacher;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.sigstore.ClassicAttestation;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyless classic cosign attestations end to end: {@code sha256-<hex>.att} manifests in a real registry whose DSSE
 * layers carry the certificate, chain and a Rekor SET of an intoto/0.0.1 entry (as {@code cosign attest} writes
 * them), judged by policies with keyless and private-PKI authorities.
 */
class KeylessAttestationRegistryIT {
  static final String SLSA = "https://slsa.dev/provenance/v1";
  static final String CDX = "https://cyclonedx.org/bom";
  static final String WORKFLOW = ".github/workflows/release.yml@refs/heads/main";
  static final String SUBJECT_RE = "^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/heads/main$";
  static RegistryServer registry;
  static OciPusher push;
  static TestSigstore sigstore;
  static TestSigner ci;
  static String provenance;
  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    push = new OciPusher(registry.host());
    sigstore = TestSigstore.create();
    ci = sigstore.githubSigner("acme/app", WORKFLOW);
    sigstore.writeTrustedRoot(tmp.resolve("trusted_root.json"));
    provenance = Json.mapper().readTree(Path.of(
        "testdata/in-toto/statements/slsa.dev_provenance_v1/8ceb4ab812773147.json").toFile()).get("predicate")
        .toString();
    Files.writeString(tmp.resolve("fulcio-root.pem"), pem(sigstore.rootCertificate()));
    Files.writeString(tmp.resolve("fulcio-intermediate.pem"), pem(sigstore.intermediateCertificate()));
    policy("keyless.yaml", "att/**", "keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities:",
        "          - issuer: " + TestSigstore.GITHUB_ISSUER,
        "            subjectRegExp: '" + SUBJECT_RE + "'");
    policy("pki.yaml", "pki/**", "certificate:",
        "        roots: fulcio-root.pem",
        "        intermediates: fulcio-intermediate.pem",
        "        trustedRoot: trusted_root.json",
        "        identities: [{subject: builder@corp.example}]");
    Files.writeString(tmp.resolve("sbom.yaml"), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: keyless-sbom}",
        "spec:",
        "  images: [\"" + registry.host() + "/sbom/**\"]",
        "  authorities:",
        "    - name: ci",
        "      keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities: [{issuer: " + TestSigstore.GITHUB_ISSUER + ", subjectRegExp: '" + SUBJECT_RE + "'}]",
        "  attestations:",
        "    - name: sbom",
        "      predicateType: " + CDX,
        "      from: [ci]",
        "      sbom: {maxAge: 30d, deniedPackages: [\"pkg:npm/lodash@<4.17.21\"]}",
        ""));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  /** A provenance policy over HOST/{@code images} whose one authority {@code ci} is {@code authority}. */
  static void policy(String file, String images, String... authority) throws java.io.IOException {
    List<String> lines = new ArrayList<>(List.of(
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: " + file.replace(".yaml", "") + "}",
        "spec:",
        "  images: [\"" + registry.host() + "/" + images + "\"]",
        "  authorities:",
        "    - name: ci",
        "      " + authority[0]));
    lines.addAll(List.of(authority).subList(1, authority.length));
    lines.addAll(List.of(
        "  attestations:",
        "    - name: provenance",
        "      predicateType: " + SLSA,
        "      from: [ci]",
        "      conditions:",
        "        - expr: 'predicate.buildDefinition.externalParameters.workflow.repository == "
            + "\"https://github.com/sigstore/sigstore-js\"'",
        "          message: built from the wrong repository",
        "        - expr: 'signer.identity.endsWith(\"@refs/heads/main\") || signer.identity == \"builder@corp.example\"'",
        "          message: not signed from main",
        "      slsa:",
        "        builderId: https://github.com/actions/runner/github-hosted",
        "        sourceRef: refs/heads/main",
        ""));
    Files.writeString(tmp.resolve(file), String.join("\n", lines));
  }

  static String pem(X509Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
  }

  static byte[] statement(String predicateType, String predicate, Digest about) {
    return Envelopes.statement(predicateType, predicate, about.toString());
  }

  /** Pushes an image and its .att manifest with the layers {@code layers} makes for its digest. */
  static Digest attested(String repo, Function<Digest, List<ClassicSigner.Layer>> layers, List<String> mediaTypes)
      throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    push.push(repo, ClassicSigner.manifest(layers.apply(d), mediaTypes), d.tagPrefix() + ".att");
    return d;
  }

  /** An image with one keyless classic provenance attestation by {@code signer}, edited by {@code edit}. */
  static Digest provenanceBy(String repo, TestSigner signer, UnaryOperator<ClassicAttestation> edit)
      throws Exception {
    return attested(repo, d -> List.of(edit.apply(signer.signClassicAttestation(statement(SLSA, provenance, d)))
        .layer()), List.of(MediaTypes.DSSE_ENVELOPE));
  }

  static Cli.Result verify(String repo, String policy, String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", registry.host() + "/" + repo + ":1.0", "--policy",
        tmp.resolve(policy).toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  static void assertRejected(Cli.Result r, String reason, String why) {
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("skip  " + reason + " [provenance]"), r.out());
    assertTrue(r.out().contains(why), "expected '" + why + "' in\n" + r.out());
    assertTrue(r.out().contains("fail  attestation [provenance]"), r.out());
  }

  @Test
  void keylessClassicProvenance_allows() throws Exception {
    provenanceBy("att/ok", ci, a -> a);
    Cli.Result r = verify("att/ok", "keyless.yaml", "-v");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("pass  attestation.condition [provenance]"), r.out());
    assertTrue(r.out().contains("pass  attestation.slsa [provenance]"), r.out());
    assertTrue(r.out().contains("pass  attestation [provenance]"), r.out());
    assertTrue(r.out().contains("signer: https://github.com/acme/app/" + WORKFLOW), r.out());
  }

  @Test
  void keylessClassicProvenance_throughBinVerdict_allowsAndDenies() throws Exception {
    provenanceBy("att/bin", ci, a -> a);
    provenanceBy("att/bin-noset", ci, a -> a.withAnnotations(m -> m.remove("dev.sigstore.cosign/bundle")));
    String policy = tmp.resolve("keyless.yaml").toString();
    Cli.Result ok = BinVerdict.run(Map.of(), "verify", registry.host() + "/att/bin:1.0", "--policy", policy);
    assertEquals(0, ok.code(), ok.toString());
    Cli.Result denied = BinVerdict.run(Map.of(), "verify", registry.host() + "/att/bin-noset:1.0", "--policy",
        policy);
    assertEquals(1, denied.code(), denied.toString());
    assertTrue(denied.out().contains("no transparency-log entry, and the log is required"), denied.out());
  }

  @Test
  void setRemovedOrAltered_denies() throws Exception {
    provenanceBy("att/noset", ci, a -> a.withAnnotations(m -> m.remove("dev.sigstore.cosign/bundle")));
    assertRejected(verify("att/noset", "keyless.yaml"), "attestation.signature",
        "no transparency-log entry, and the log is required");
    provenanceBy("att/badset", ci, a -> a.withAnnotations(m -> m.put("dev.sigstore.cosign/bundle",
        m.get("dev.sigstore.cosign/bundle").replace("\"integratedTime\":", "\"integratedTime\":1"))));
    assertRejected(verify("att/badset", "keyless.yaml"), "attestation.signature", "Rekor SET signature does not "
        + "verify");
  }

  @Test
  void wrongIdentityOrIssuer_denies() throws Exception {
    provenanceBy("att/fork", sigstore.githubSigner("evil/app", WORKFLOW), a -> a);
    assertRejected(verify("att/fork", "keyless.yaml"), "attestation.signature",
        "certificate subject https://github.com/evil/app/" + WORKFLOW);
    provenanceBy("att/otherissuer", sigstore.signer("https://github.com/acme/app/" + WORKFLOW,
        "https://accounts.google.com"), a -> a);
    assertRejected(verify("att/otherissuer", "keyless.yaml"), "attestation.signature",
        "issuer https://accounts.google.com does not match");
  }

  @Test
  void entryForAnotherEnvelope_denies() throws Exception {
    // the same statement, signature and certificate in differently spelled envelope bytes: the SET is for the original
    provenanceBy("att/respelled", ci, a -> a.withEnvelope(new String(a.envelope(), StandardCharsets.UTF_8)
        .replace("\"signatures\":", "\"signatures\" :").getBytes(StandardCharsets.UTF_8)));
    assertRejected(verify("att/respelled", "keyless.yaml"), "attestation.signature", "log entry envelope hash");
    // another attestation's SET (same signer identity, its own certificate and envelope)
    attested("att/swapped", d -> {
      ClassicAttestation mine = ci.signClassicAttestation(statement(SLSA, provenance, d));
      ClassicAttestation other = ci.signClassicAttestation(statement(SLSA, provenance, d));
      return List.of(mine.withAnnotations(m -> m.put("dev.sigstore.cosign/bundle",
          other.annotations().get("dev.sigstore.cosign/bundle"))).layer());
    }, List.of(MediaTypes.DSSE_ENVELOPE));
    assertRejected(verify("att/swapped", "keyless.yaml"), "attestation.signature", "log entry envelope hash");
  }

  @Test
  void sigStyleLayerPosingAsAttestation_denies() throws Exception {
    // a keyless .sig layer (simple-signing payload, hashedrekord SET) in the .att manifest
    attested("att/sigpayload", d -> {
      TestSigner.Classic c = ci.signClassic(ClassicSigner.payload(registry.host() + "/att/sigpayload", d));
      return List.of(new ClassicSigner.Layer(c.payload(), c.annotations()));
    }, List.of(MediaTypes.COSIGN_SIMPLE_SIGNING));
    assertRejected(verify("att/sigpayload", "keyless.yaml"), "attestation.envelope", "DSSE envelope");
    // a DSSE envelope whose signature was made and logged .sig-style: a hashedrekord entry over the PAE bytes
    attested("att/sigentry", d -> {
      byte[] st = statement(SLSA, provenance, d);
      TestSigner.Classic c = ci.signClassic(dev.verdict.sigstore.Pae.encode(ClassicAttestation.PAYLOAD_TYPE, st));
      return List.of(new ClassicSigner.Layer(ClassicAttestation.envelope(st, c.signature()), c.annotations()));
    }, List.of(MediaTypes.DSSE_ENVELOPE));
    assertRejected(verify("att/sigentry", "keyless.yaml"), "attestation.signature",
        "log entry is a hashedrekord/0.0.1 but the bundle holds a DSSE envelope");
  }

  @Test
  void privatePkiClassicProvenance_allowsAndDeniesOtherSubject() throws Exception {
    provenanceBy("pki/ok", sigstore.signer("builder@corp.example", "https://issuer.corp.example"), a -> a);
    Cli.Result r = verify("pki/ok", "pki.yaml");
    assertEquals(0, r.code(), r.toString());
    provenanceBy("pki/other", sigstore.signer("intruder@corp.example", "https://issuer.corp.example"), a -> a);
    assertRejected(verify("pki/other", "pki.yaml"), "attestation.signature", "intruder@corp.example");
  }

  @Test
  void keylessClassicSbom_maxAgeFromTheLogAndDeniedPackage() throws Exception {
    String undated = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[]}";
    attested("sbom/fresh", d -> List.of(ci.signClassicAttestation(statement(CDX, undated, d)).layer()),
        List.of(MediaTypes.DSSE_ENVELOPE));
    Cli.Result fresh = verify("sbom/fresh", "sbom.yaml");
    assertEquals(0, fresh.code(), fresh.toString());
    String lodash = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":[{\"type\":"
        + "\"library\",\"name\":\"lodash\",\"version\":\"4.17.20\",\"purl\":\"pkg:npm/lodash@4.17.20\"}]}";
    attested("sbom/lodash", d -> List.of(ci.signClassicAttestation(statement(CDX, lodash, d)).layer()),
        List.of(MediaTypes.DSSE_ENVELOPE));
    Cli.Result denied = verify("sbom/lodash", "sbom.yaml");
    assertEquals(1, denied.code(), denied.toString());
    assertTrue(denied.out().contains("fail  sbom.deniedPackages [sbom]: pkg:npm/lodash@4.17.20"), denied.out());
  }

  /** Pushes an image and attaches {@code bundle} (made for its digest) as a referrer of media type {@code mt}. */
  static Digest bundled(String repo, Function<Digest, byte[]> bundle, String mt) throws Exception {
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = push.push(repo, image, "1.0");
    new BundleAttacher(push, repo, image.descriptor()).attach(bundle.apply(d), mt);
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {MediaTypes.SIGSTORE_BUNDLE_V01, MediaTypes.SIGSTORE_BUNDLE_V02,
      MediaTypes.SIGSTORE_BUNDLE_V03_PARAM, MediaTypes.SIGSTORE_BUNDLE_V03})
  void bundleReferrer_everySigstoreMediaType_verifiesThroughFallbackTag(String mt) throws Exception {
    // actions/attest 1.x attaches v0.2 DSSE bundles as bundle+json;version=0.2 (sigstore-js, @sigstore/oci)
    String repo = "att/bundle-v0" + MediaTypes.sigstoreBundleVersion(mt) + (mt.contains(";") ? "-param" : "");
    bundled(repo, d -> BundleAttacher.relabel(ci.dsseBundle(statement(SLSA, provenance, d), TestSigner.Options.defaults()), mt),
        mt);
    Cli.Result r = verify(repo, "keyless.yaml", "-v");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("pass  attestation [provenance]"), r.out());
  }

  @Test
  void bundleReferrer_ownMediaTypeDisagreesWithReferrer_rejectedByName() throws Exception {
    // a v0.3 bundle filed as v0.2: the layer's label is not signed, but the two must agree
    bundled("att/bundle-relabelled", d -> ci.dsseBundle(statement(SLSA, provenance, d),
        TestSigner.Options.defaults()), MediaTypes.SIGSTORE_BUNDLE_V02);
    assertRejected(verify("att/bundle-relabelled", "keyless.yaml"), "attestation.envelope",
        "is not the v0.2 its referrer layer declares");
  }

  @Test
  void bundleReferrer_unparsable_isARejectedCandidateNotDropped() throws Exception {
    bundled("att/bundle-broken", d -> ("{\"mediaType\":\"" + MediaTypes.SIGSTORE_BUNDLE_V02 + "\"}")
        .getBytes(StandardCharsets.UTF_8), MediaTypes.SIGSTORE_BUNDLE_V02);
    assertRejected(verify("att/bundle-broken", "keyless.yaml"), "attestation.envelope",
        "bundle is malformed: verificationMaterial is missing");
  }

  @Test
  void attestationManifest_moreLayersThanTheBound_deniesWithoutReadingThem() throws Exception {
    attested("att/flood", d -> {
      List<ClassicSigner.Layer> layers = new ArrayList<>();
      layers.add(ci.signClassicAttestation(statement(SLSA, provenance, d)).layer());
      for (int i = 0; i < dev.verdict.discovery.EvidenceBudget.MAX_LAYERS; i++) {
        layers.add(new ClassicSigner.Layer(("{\"junk\":" + i + "}").getBytes(StandardCharsets.UTF_8), Map.of()));
      }
      return layers;
    }, java.util.Collections.nCopies(dev.verdict.discovery.EvidenceBudget.MAX_LAYERS + 1, MediaTypes.DSSE_ENVELOPE));
    Cli.Result r = verify("att/flood", "keyless.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("fail  evidence.limit"), r.out());
    assertTrue(r.out().contains((dev.verdict.discovery.EvidenceBudget.MAX_LAYERS + 1)
        + " attestation layers exceed the limit of " + dev.verdict.discovery.EvidenceBudget.MAX_LAYERS), r.out());
  }

  @Test
  void bundleReferrers_moreThanTheBound_denies() throws Exception {
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = push.push("att/bundle-flood", image, "1.0");
    List<dev.verdict.oci.Descriptor> listed = new ArrayList<>();
    TestImages.Image one = BundleAttacher.referrer(image.descriptor(), "{}".getBytes(StandardCharsets.UTF_8),
        MediaTypes.SIGSTORE_BUNDLE_V02);
    push.push("att/bundle-flood", one, null);
    for (int i = 0; i <= dev.verdict.discovery.EvidenceBudget.MAX_BUNDLES; i++) {
      listed.add(TestImages.withArtifactType(one.descriptor(), MediaTypes.SIGSTORE_BUNDLE_V02));
    }
    push.pushManifest("att/bundle-flood", d.tagPrefix(), MediaTypes.OCI_INDEX,
        TestImages.indexBytes(MediaTypes.OCI_INDEX, listed));
    Cli.Result r = verify("att/bundle-flood", "keyless.yaml");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("fail  evidence.limit"), r.out());
    assertTrue(r.out().contains("Sigstore bundle referrers exceed the limit"), r.out());
  }
}
