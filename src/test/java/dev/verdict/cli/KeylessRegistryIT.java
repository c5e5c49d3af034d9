package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyless verification end to end: images in a real registry signed by a private test Sigstore (CA, CT log, Rekor
 * with a Merkle tree), in classic form ({@code .sig} with certificate, chain and SET) and bundle form (referrers
 * fallback tag), verified offline from a trusted_root.json, ad hoc and through a policy file.
 */
class KeylessRegistryIT {
  static final String REPO_ID = "acme/app";
  static final String WORKFLOW = ".github/workflows/release.yml@refs/tags/v1.0.0";
  static final String IDENTITY_RE = "^https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/tags/v.+$";

  static RegistryServer registry;
  static OciPusher push;
  static TestSigstore sigstore;
  static TestSigner ci;
  @TempDir
  static Path tmp;
  static Path root;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    push = new OciPusher(registry.host());
    sigstore = TestSigstore.create();
    ci = sigstore.githubSigner(REPO_ID, WORKFLOW);
    root = sigstore.writeTrustedRoot(tmp.resolve("trusted_root.json"));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String ref(String repo) {
    return registry.host() + "/" + repo + ":1.0";
  }

  /** Pushes an image signed in classic form with {@code annotations} possibly altered by {@code edit}. */
  static Digest classic(String repo, TestSigner signer, java.util.function.Consumer<Map<String, String>> edit)
      throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    TestSigner.Classic c = signer.signClassic(ClassicSigner.payload(registry.host() + "/" + repo, d));
    Map<String, String> annotations = new HashMap<>(c.annotations());
    edit.accept(annotations);
    push.push(repo, ClassicSigner.manifest(List.of(new ClassicSigner.Layer(c.payload(), annotations))),
        d.tagPrefix() + ".sig");
    return d;
  }

  /** Pushes an image signed in classic form as {@code cosign sign} would with these log and TSA options. */
  static Digest classic(String repo, TestSigner signer, TestSigner.Options options) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    TestSigner.Classic c = signer.signClassic(ClassicSigner.payload(registry.host() + "/" + repo, d), options);
    push.push(repo, ClassicSigner.manifest(List.of(new ClassicSigner.Layer(c.payload(), c.annotations()))),
        d.tagPrefix() + ".sig");
    return d;
  }

  static Cli.Result adHoc(String image, String identityRe, String issuer, Path trustedRoot) {
    return Cli.run("verify", image, "--certificate-identity-regexp", identityRe, "--certificate-oidc-issuer", issuer,
        "--trusted-root", trustedRoot.toString());
  }

  @Test
  void classic_keylessSigned_allowsAndReportsIdentityAndLogIndex() throws Exception {
    classic("classic/ok", ci, a -> { });
    Cli.Result r = Cli.run("verify", ref("classic/ok"), "--certificate-identity-regexp", IDENTITY_RE,
        "--certificate-oidc-issuer", TestSigstore.GITHUB_ISSUER, "--trusted-root", root.toString(), "-v");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("signer: https://github.com/acme/app/" + WORKFLOW), r.out());
    assertTrue(r.out().contains("logIndex: "), r.out());
    assertTrue(r.out().contains("method: keyless"), r.out());
  }

  @Test
  void classic_wrongIdentityOrIssuer_denies() throws Exception {
    classic("classic/identity", ci, a -> { });
    Cli.Result wrongId = adHoc(ref("classic/identity"), "^https://github\\.com/other/.+$", TestSigstore.GITHUB_ISSUER,
        root);
    assertEquals(1, wrongId.code(), wrongId.toString());
    assertTrue(wrongId.out().contains("does not match"), wrongId.out());
    assertEquals(1, adHoc(ref("classic/identity"), IDENTITY_RE, "https://accounts.google.com", root).code());
  }

  @Test
  void classic_setRemovedOrAltered_denies() throws Exception {
    classic("classic/noset", ci, a -> a.remove("dev.sigstore.cosign/bundle"));
    Cli.Result noSet = adHoc(ref("classic/noset"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, root);
    assertEquals(1, noSet.code(), noSet.toString());
    classic("classic/badset", ci, a -> a.put("dev.sigstore.cosign/bundle",
        a.get("dev.sigstore.cosign/bundle").replace("\"logIndex\":", "\"logIndex\":1")));
    assertEquals(1, adHoc(ref("classic/badset"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, root).code());
  }

  /** cosign sign --tlog-upload=false --timestamp-server-url: an RFC 3161 timestamp is the only signing time. */
  @Test
  void policy_classicTimestampOnly_allowsOnlyWhereTheLogIsOptional() throws Exception {
    classic("tsa/app", ci, new TestSigner.Options(false, true, true, true));
    String policy = String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: tsa}",
        "spec:",
        "  images: [\"" + registry.host() + "/tsa/**\"]",
        "  authorities:",
        "    - name: ci",
        "      keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities:",
        "          - issuer: " + TestSigstore.GITHUB_ISSUER,
        "            subjectRegExp: '" + IDENTITY_RE + "'",
        "        tlog: %s",
        "  signatures: {require: 1, from: [ci]}",
        "");
    Path optional = Files.writeString(tmp.resolve("tsa-optional.yaml"), policy.formatted("optional"));
    Cli.Result allowed = Cli.run("verify", ref("tsa/app"), "--policy", optional.toString(), "-v");
    assertEquals(0, allowed.code(), allowed.toString());
    assertTrue(allowed.out().contains("timestamps: ["), allowed.out());
    Path required = Files.writeString(tmp.resolve("tsa-required.yaml"), policy.formatted("required"));
    Cli.Result denied = Cli.run("verify", ref("tsa/app"), "--policy", required.toString());
    assertEquals(1, denied.code(), denied.toString());
    assertTrue(denied.out().contains("an RFC 3161 timestamp stands in for it only where the authority makes the log "
        + "optional"), denied.out());
    Cli.Result inspect = Cli.run("inspect", ref("tsa/app"));
    assertEquals(0, inspect.code(), inspect.toString());
    assertTrue(inspect.out().contains("timestamp: RFC 3161 timestamp annotation present"), inspect.out());
    assertFalse(inspect.out().contains("transparency log:"), inspect.out());
  }

  /**
   * Sigstore rotates intermediates under one root: the old intermediate's CA entry ends, a new entry begins. A leaf
   * issued by the old intermediate after its entry ended, with that intermediate carried in the chain annotation,
   * must not chain through the current entry (issue 10.12), and the report names the entry actually used.
   */
  @Test
  void classic_intermediateOfEndedCaEntry_deniesAndReportNamesEntryUsed() throws Exception {
    TestSigstore current = sigstore.rotateIntermediate();
    java.time.Instant yearAgo = sigstore.epoch().minus(java.time.Duration.ofDays(365));
    java.time.Instant rotation = sigstore.epoch().minus(java.time.Duration.ofDays(1));
    Path rotated = Files.writeString(tmp.resolve("rotated_root.json"), dev.verdict.testing.sigstore.TrustedRootWriter
        .json(List.of(sigstore.caEntry(yearAgo, rotation), current.caEntry(rotation, null)),
            List.of(sigstore.rekorEntry(yearAgo, null)), List.of(sigstore.ctEntry(yearAgo, null)), List.of()));
    classic("rotation/old", ci, a -> { });
    Cli.Result old = adHoc(ref("rotation/old"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, rotated);
    assertEquals(1, old.code(), old.toString());
    assertTrue(old.out().contains("certificate does not chain to a trusted Fulcio CA"), old.out());
    classic("rotation/new", current.githubSigner(REPO_ID, WORKFLOW), a -> { });
    Cli.Result now = Cli.run("verify", ref("rotation/new"), "--certificate-identity-regexp", IDENTITY_RE,
        "--certificate-oidc-issuer", TestSigstore.GITHUB_ISSUER, "--trusted-root", rotated.toString(), "--format", "json");
    assertEquals(0, now.code(), now.toString());
    assertTrue(now.out().contains("certificateAuthorities[1]"), now.out());
    assertFalse(now.out().contains("certificateAuthorities[0]"), now.out());
  }

  @Test
  void classic_untrustedSigstore_denies() throws Exception {
    classic("classic/untrusted", ci, a -> { });
    Path other = TestSigstore.create().writeTrustedRoot(tmp.resolve("other_root.json"));
    Cli.Result r = adHoc(ref("classic/untrusted"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, other);
    assertEquals(1, r.code(), r.toString());
  }

  @Test
  void classic_keylessFlagsWithoutTrustedRoot_isUsageError() {
    Cli.Result r = Cli.run("verify", ref("classic/ok"), "--certificate-identity-regexp", IDENTITY_RE,
        "--certificate-oidc-issuer", TestSigstore.GITHUB_ISSUER);
    assertEquals(2, r.code(), r.toString());
  }

  static Digest bundled(String repo, String predicateType, String subjectName, boolean forThisImage)
      throws Exception {
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = push.push(repo, image, "1.0");
    Digest about = forThisImage ? d : Digest.sha256("another image".getBytes());
    byte[] statement = TestSigner.statement(subjectName, HexFormat.of().parseHex(about.hex()), predicateType);
    new BundleAttacher(push, repo, image.descriptor()).attach(ci.dsseBundle(statement, TestSigner.Options.defaults()));
    return d;
  }

  @Test
  void bundle_cosignSigningStatement_allows() throws Exception {
    bundled("bundle/ok", "https://sigstore.dev/cosign/sign/v1", registry.host() + "/bundle/ok", true);
    Cli.Result r = adHoc(ref("bundle/ok"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, root);
    assertEquals(0, r.code(), r.toString());
  }

  @Test
  void bundle_signingStatementAsV02Referrer_allows() throws Exception {
    // @sigstore/oci's spelling: artifact type and layer application/vnd.dev.sigstore.bundle+json;version=0.2
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = push.push("bundle/v02", image, "1.0");
    byte[] statement = TestSigner.statement(registry.host() + "/bundle/v02", HexFormat.of().parseHex(d.hex()),
        "https://sigstore.dev/cosign/sign/v1");
    new BundleAttacher(push, "bundle/v02", image.descriptor()).attach(BundleAttacher.relabel(ci.dsseBundle(statement,
        TestSigner.Options.defaults()), MediaTypes.SIGSTORE_BUNDLE_V02), MediaTypes.SIGSTORE_BUNDLE_V02);
    Cli.Result r = adHoc(ref("bundle/v02"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, root);
    assertEquals(0, r.code(), r.toString());
  }

  @Test
  void bundle_attestationIsNeverASignature() throws Exception {
    bundled("bundle/att", "https://slsa.dev/provenance/v1", registry.host() + "/bundle/att", true);
    Cli.Result r = adHoc(ref("bundle/att"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, root);
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("holds an attestation (predicateType https://slsa.dev/provenance/v1)"), r.out());
  }

  @Test
  void bundle_aboutAnotherDigestOrRepository_denies() throws Exception {
    bundled("bundle/otherdigest", "https://sigstore.dev/cosign/sign/v1", registry.host() + "/bundle/otherdigest",
        false);
    assertEquals(1, adHoc(ref("bundle/otherdigest"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, root).code());
    bundled("bundle/otherrepo", "https://sigstore.dev/cosign/sign/v1", registry.host() + "/bundle/elsewhere", true);
    Cli.Result r = adHoc(ref("bundle/otherrepo"), IDENTITY_RE, TestSigstore.GITHUB_ISSUER, root);
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("signed for repository " + registry.host() + "/bundle/elsewhere"), r.out());
  }

  @Test
  void policy_keylessAuthorityWithExtensions_allowsMatchingAndDeniesOthers() throws Exception {
    classic("policy/app", ci, a -> { });
    bundled("policy/bundled", "https://sigstore.dev/cosign/sign/v1", registry.host() + "/policy/bundled", true);
    classic("policy/fork", sigstore.githubSigner("evil/app", WORKFLOW), a -> { });
    List<String> lines = new ArrayList<>(List.of(
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: github-release}",
        "spec:",
        "  images: [\"" + registry.host() + "/policy/**\"]",
        "  authorities:",
        "    - name: ci",
        "      keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities:",
        "          - issuer: " + TestSigstore.GITHUB_ISSUER,
        "            subjectRegExp: '^https://github\\.com/[^/]+/app/\\.github/workflows/release\\.yml@refs/tags/v.+$'",
        "        extensions:",
        "          sourceRepositoryURI: https://github.com/acme/app",
        "  signatures: {require: 1, from: [ci]}",
        ""));
    Path policy = Files.writeString(tmp.resolve("github.yaml"), String.join("\n", lines));
    Cli.Result r = Cli.run("verify", ref("policy/app"), ref("policy/bundled"), ref("policy/fork"), "--policy",
        policy.toString(), "--format", "json");
    assertEquals(1, r.code(), r.toString());
    var images = dev.verdict.Json.mapper().readTree(r.out()).get("images");
    assertEquals("allow", images.get(0).get("decision").stringValue(), images.get(0).toString());
    assertEquals("allow", images.get(1).get("decision").stringValue(), images.get(1).toString());
    assertEquals("deny", images.get(2).get("decision").stringValue());
    assertTrue(images.get(2).toString().contains("sourceRepositoryURI"), images.get(2).toString());
  }

  @Test
  void inspect_listsClassicSignatureAndBundleWithClaimedSigners_verifiesNothing() throws Exception {
    Digest d = classic("inspect/app", ci, a -> { });
    byte[] statement = TestSigner.statement(registry.host() + "/inspect/app", HexFormat.of().parseHex(d.hex()),
        "https://slsa.dev/provenance/v1");
    new BundleAttacher(push, "inspect/app", dev.verdict.oci.Descriptor.of(dev.verdict.oci.MediaTypes.OCI_MANIFEST, d,
        0)).attach(ci.dsseBundle(statement, TestSigner.Options.defaults()));
    Cli.Result text = Cli.run("inspect", ref("inspect/app"));
    assertEquals(0, text.code(), text.toString());
    assertTrue(text.out().contains("signature: " + d.tagPrefix() + ".sig layer 1"), text.out());
    assertTrue(text.out().contains("signer (claimed): https://github.com/acme/app/" + WORKFLOW), text.out());
    assertTrue(text.out().contains("transparency log: Rekor SET annotation present"), text.out());
    assertTrue(text.out().contains("predicateType (unverified): https://slsa.dev/provenance/v1"), text.out());
    assertTrue(text.out().endsWith(dev.verdict.report.InspectRenderer.NOTICE + "\n"), text.out());
    Cli.Result json = Cli.run("inspect", ref("inspect/app"), "--format", "json");
    var root = dev.verdict.Json.mapper().readTree(json.out());
    assertEquals(false, root.get("verified").booleanValue());
    assertEquals(2, root.get("attached").size(), json.out());
    assertEquals("bundle", root.get("attached").get(1).get("kind").stringValue());
    assertEquals(1, Cli.run("inspect", registry.host() + "/inspect/app:missing").code());
  }

  @Test
  void policy_brokenTrustedRoot_exitsThree() throws Exception {
    Files.writeString(tmp.resolve("broken_root.json"), "{\"mediaType\": \"nope\"}");
    Path policy = Files.writeString(tmp.resolve("broken.yaml"), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: broken}",
        "spec:",
        "  images: [\"**\"]",
        "  authorities:",
        "    - name: ci",
        "      keyless:",
        "        trustedRoot: broken_root.json",
        "        identities: [{issuer: https://x, subject: me@example.com}]",
        "  signatures: {require: 1, from: [ci]}",
        ""));
    Cli.Result r = Cli.run("verify", ref("policy/app"), "--policy", policy.toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("broken_root.json"), r.err());
  }

  @Test
  void policy_trustedRootTuf_verifiesFromTheCacheOffline() throws Exception {
    classic("tuf/app", ci, a -> { });
    Path mirror = tmp.resolve("tuf-mirror");
    Path tufRoot = TrustCommandIT.writeRepository(mirror, java.time.Instant.now().plus(java.time.Duration.ofDays(9)),
        root);
    Map<String, String> env = Map.of("VERDICT_CACHE_DIR", tmp.resolve("tuf-cache").toString());
    Path policy = Files.writeString(tmp.resolve("tuf.yaml"), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: tuf}",
        "spec:",
        "  images: [\"" + registry.host() + "/tuf/**\"]",
        "  authorities:",
        "    - name: ci",
        "      keyless:",
        "        trustedRoot: tuf",
        "        requireFreshTrust: true",
        "        identities:",
        "          - issuer: " + TestSigstore.GITHUB_ISSUER,
        "            subjectRegExp: '" + IDENTITY_RE + "'",
        "  signatures: {require: 1, from: [ci]}",
        ""));
    Cli.Result none = dev.verdict.testing.BinVerdict.run(env, "verify", ref("tuf/app"), "--policy", policy.toString());
    assertEquals(3, none.code(), none.toString());
    assertTrue(none.err().contains("run 'verdict trust update'"), none.toString());
    Cli.Result update = dev.verdict.testing.BinVerdict.run(env, "trust", "update", "--mirror", mirror.toString(),
        "--root", tufRoot.toString());
    assertEquals(0, update.code(), update.toString());
    Cli.Result r = dev.verdict.testing.BinVerdict.run(env, "verify", ref("tuf/app"), "--policy", policy.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err(), r.toString());
  }
}
