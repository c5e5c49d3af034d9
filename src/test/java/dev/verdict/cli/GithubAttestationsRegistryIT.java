package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub artifact attestations end to end: cosign's {@code --certificate-github-workflow-*} and
 * {@code --insecure-ignore-tlog|sct} flags on {@code verify}, and the shipped {@code policies/github-attestations.yaml}
 * against provenance attached as actions/attest-build-provenance attaches it (a DSSE bundle among the referrers),
 * signed by a test Sigstore whose certificates carry GitHub's Fulcio claims.
 */
class GithubAttestationsRegistryIT {
  static final String REPO_ID = "acme/app";
  static final String WORKFLOW = ".github/workflows/release.yml@refs/tags/v1.0.0";
  static final String IDENTITY_RE = "^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@.+$";

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

  static void signed(String repo, TestSigner.Options options) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    TestSigner.Classic c = ci.signClassic(ClassicSigner.payload(registry.host() + "/" + repo, d), options);
    push.push(repo, ClassicSigner.manifest(List.of(new ClassicSigner.Layer(c.payload(), c.annotations()))),
        d.tagPrefix() + ".sig");
  }

  static Cli.Result verify(String repo, String... extra) {
    List<String> args = new ArrayList<>(List.of("verify", ref(repo), "--certificate-identity-regexp", IDENTITY_RE,
        "--certificate-oidc-issuer", TestSigstore.GITHUB_ISSUER, "--trusted-root", root.toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void verify_githubWorkflowFlags_matchingClaimsAllowAndEachMismatchDenies() throws Exception {
    signed("flags/app", TestSigner.Options.defaults());
    Cli.Result all = verify("flags/app", "--certificate-github-workflow-trigger", "push",
        "--certificate-github-workflow-sha", "d8b4a6440000000000000000000000000000beef",
        "--certificate-github-workflow-name", "release", "--certificate-github-workflow-repository", REPO_ID,
        "--certificate-github-workflow-ref", "refs/tags/v1.0.0", "-v");
    assertEquals(0, all.code(), all.toString());
    String[][] wrong = {{"trigger", "workflow_dispatch", "githubWorkflowTrigger"},
        {"sha", "0".repeat(40), "githubWorkflowSha"}, {"name", "build", "githubWorkflowName"},
        {"repository", "evil/app", "githubWorkflowRepository"}, {"ref", "refs/heads/main", "githubWorkflowRef"}};
    for (String[] w : wrong) {
      Cli.Result r = verify("flags/app", "--certificate-github-workflow-" + w[0], w[1]);
      assertEquals(1, r.code(), w[0] + ": " + r);
      assertTrue(r.out().contains("certificate claim " + w[2] + " is "), r.out());
    }
  }

  @Test
  void verify_insecureIgnoreTlog_acceptsATimestampedSignatureWithoutALogEntryOnlyWhenGiven() throws Exception {
    signed("notlog/app", new TestSigner.Options(false, true, true, true));
    Cli.Result denied = verify("notlog/app");
    assertEquals(1, denied.code(), denied.toString());
    Cli.Result allowed = verify("notlog/app", "--insecure-ignore-tlog");
    assertEquals(0, allowed.code(), allowed.toString());
  }

  @Test
  void verify_insecureIgnoreSct_acceptsACertificateWithoutAnSctOnlyWhenGiven() throws Exception {
    // a bundle with cosign's signing statement, its certificate issued without an SCT
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = push.push("nosct/app", image, "1.0");
    byte[] statement = TestSigner.statement(registry.host() + "/nosct/app", HexFormat.of().parseHex(d.hex()),
        "https://sigstore.dev/cosign/sign/v1");
    new BundleAttacher(push, "nosct/app", image.descriptor())
        .attach(ci.dsseBundle(statement, new TestSigner.Options(true, false, false, true)));
    Cli.Result denied = verify("nosct/app");
    assertEquals(1, denied.code(), denied.toString());
    assertTrue(denied.out().contains("certificate has no embedded SCT"), denied.out());
    Cli.Result allowed = verify("nosct/app", "--insecure-ignore-sct");
    assertEquals(0, allowed.code(), allowed.toString());
    // the same through a policy: keyless.sct optional
    String policy = String.join("\n", "apiVersion: verdict.dev/v1", "kind: ImagePolicy", "metadata: {name: nosct}",
        "spec:", "  images: [\"" + registry.host() + "/nosct/**\"]", "  authorities:", "    - name: ci",
        "      keyless:", "        trustedRoot: " + root, "        identities:",
        "          - {issuer: '" + TestSigstore.GITHUB_ISSUER + "', subjectRegExp: '" + IDENTITY_RE + "'}",
        "        sct: %s", "  signatures: {from: [ci]}", "");
    Path optional = Files.writeString(tmp.resolve("sct-optional.yaml"), policy.formatted("optional"));
    assertEquals(0, Cli.run("verify", ref("nosct/app"), "--policy", optional.toString()).code());
    Cli.Result lint = Cli.run("policy", "lint", optional.toString());
    assertTrue(lint.out().contains("optional accepts certificates without an SCT"), lint.toString());
    Path required = Files.writeString(tmp.resolve("sct-required.yaml"), policy.formatted("required"));
    assertEquals(1, Cli.run("verify", ref("nosct/app"), "--policy", required.toString()).code());
  }

  @Test
  void verify_githubFlagsWithPolicyOrWithoutKeylessIdentity_isAUsageError() throws Exception {
    Cli.Result withPolicy = Cli.run("verify", ref("flags/app"), "--policy", "policies/github-attestations.yaml",
        "--insecure-ignore-tlog");
    assertEquals(2, withPolicy.code(), withPolicy.toString());
    Cli.Result withKey = Cli.run("verify", ref("flags/app"), "--key", "testdata/keys/cosign-test.pub",
        "--certificate-github-workflow-repository", REPO_ID);
    assertEquals(2, withKey.code(), withKey.toString());
    assertTrue(withKey.err().startsWith("verdict: --certificate-github-workflow-repository: certificate claims apply "
        + "to keyless verification"), withKey.err());
  }

  /** What actions/attest-build-provenance writes: SLSA v1 provenance of a GitHub workflow run, about the image. */
  static byte[] provenance(Digest about, String repository, String path, String ref) {
    String statement = """
        {"_type": "https://in-toto.io/Statement/v1",
         "subject": [{"name": "%s", "digest": {"sha256": "%s"}}],
         "predicateType": "https://slsa.dev/provenance/v1",
         "predicate": {
          "buildDefinition": {
           "buildType": "https://actions.github.io/buildtypes/workflow/v1",
           "externalParameters": {"workflow": {"ref": "%s", "repository": "https://github.com/%s", "path": "%s"}},
           "internalParameters": {"github": {"event_name": "push", "repository_id": "1", "repository_owner_id": "2"}},
           "resolvedDependencies": [{"uri": "git+https://github.com/%s@%s",
             "digest": {"gitCommit": "d8b4a6440000000000000000000000000000beef"}}]},
          "runDetails": {"builder": {"id": "https://github.com/actions/runner/github-hosted"},
           "metadata": {"invocationId": "https://github.com/%s/actions/runs/1/attempts/1"}}}}
        """.formatted(registry.host() + "/attested/app", about.hex(), ref, repository, path, repository, ref,
        repository);
    return statement.getBytes(StandardCharsets.UTF_8);
  }

  static String attested(String repo, TestSigner signer, String repository, String path, String ref)
      throws Exception {
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = push.push(repo, image, "1.0");
    new BundleAttacher(push, repo, image.descriptor())
        .attach(signer.dsseBundle(provenance(d, repository, path, ref), TestSigner.Options.defaults()));
    return ref(repo);
  }

  @Test
  void shippedPolicy_attestBuildProvenanceBundle_allowsTheReleaseRunAndDeniesOthers() throws Exception {
    // the shipped example, pointed at this registry and this test Sigstore; everything else as shipped
    String shipped = Files.readString(Path.of("policies/github-attestations.yaml"));
    String policy = shipped.replace("\"ghcr.io/acme/app\"", "\"" + registry.host() + "/attested/**\"")
        .replace("../testdata/policy/public-good-trusted_root.json", root.toString());
    Path file = Files.writeString(tmp.resolve("github-attestations.yaml"), policy);

    String release = attested("attested/release", ci, REPO_ID, ".github/workflows/release.yml", "refs/tags/v1.0.0");
    Cli.Result allowed = Cli.run("verify", release, "--policy", file.toString(), "-v");
    assertEquals(0, allowed.code(), allowed.toString());

    // the same provenance from a fork: subject, repository claim and predicate all name the fork
    TestSigner fork = sigstore.githubSigner("evil/app", WORKFLOW);
    String forked = attested("attested/fork", fork, "evil/app", ".github/workflows/release.yml", "refs/tags/v1.0.0");
    assertEquals(1, Cli.run("verify", forked, "--policy", file.toString()).code());

    // the right repository and identity, but built by another workflow file than the provenance says
    String other = attested("attested/other", ci, REPO_ID, ".github/workflows/debug.yml", "refs/tags/v1.0.0");
    Cli.Result wrongPath = Cli.run("verify", other, "--policy", file.toString());
    assertEquals(1, wrongPath.code(), wrongPath.toString());
    assertTrue(wrongPath.out().contains("built by a workflow other than release.yml"), wrongPath.out());

    // an unattested image
    Digest bare = push.push("attested/bare", TestImages.randomImage(false), "1.0");
    assertEquals(1, Cli.run("verify", ref("attested/bare"), "--policy", file.toString()).code(), bare.toString());
  }
}
