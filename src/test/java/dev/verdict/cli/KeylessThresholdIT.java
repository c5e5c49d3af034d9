package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k-of-n over keyless authorities, end to end: one certificate identity counts once, however many authorities
 * accept it and however many signatures (each with its own ephemeral key) it made.
 */
class KeylessThresholdIT {
  static final String RELEASE = ".github/workflows/release.yml@refs/tags/v1.0.0";
  static final String AUDIT = ".github/workflows/audit.yml@refs/heads/main";

  static RegistryServer registry;
  static OciPusher push;
  static TestSigstore sigstore;
  @TempDir
  static Path tmp;
  static Path policy;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    push = new OciPusher(registry.host());
    sigstore = TestSigstore.create();
    sigstore.writeTrustedRoot(tmp.resolve("trusted_root.json"));
    // two authorities whose identities both accept the release workflow of acme/app
    policy = Files.writeString(tmp.resolve("two-ci.yaml"), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: two-ci}",
        "spec:",
        "  images: [\"" + registry.host() + "/**\"]",
        "  authorities:",
        "    - name: release",
        "      keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities:",
        "          - issuer: " + TestSigstore.GITHUB_ISSUER,
        "            subjectRegExp: '^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@.+$'",
        "    - name: any-acme-workflow",
        "      keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities:",
        "          - issuer: " + TestSigstore.GITHUB_ISSUER,
        "            subjectRegExp: '^https://github\\.com/acme/app/\\.github/workflows/.+$'",
        "  signatures: {require: 2, from: [release, any-acme-workflow]}",
        ""));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String signedBy(String repo, TestSigner... signers) throws Exception {
    Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
    List<ClassicSigner.Layer> layers = new ArrayList<>();
    for (TestSigner s : signers) {
      TestSigner.Classic c = s.signClassic(ClassicSigner.payload(registry.host() + "/" + repo, d));
      layers.add(new ClassicSigner.Layer(c.payload(), c.annotations()));
    }
    push.push(repo, ClassicSigner.manifest(layers), d.tagPrefix() + ".sig");
    return registry.host() + "/" + repo + ":1.0";
  }

  @Test
  void verify_oneIdentitySigningTwice_countsOnce() throws Exception {
    TestSigner release = sigstore.githubSigner("acme/app", RELEASE);
    Cli.Result r = Cli.run("verify", signedBy("same/app", release, release), "--policy", policy.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("only 1 of the 2 required authorities signed by distinct signers"), r.out());
  }

  @Test
  void verify_twoIdentities_meetTwoOfTwo() throws Exception {
    Cli.Result r = Cli.run("verify", signedBy("two/app", sigstore.githubSigner("acme/app", RELEASE),
        sigstore.githubSigner("acme/app", AUDIT)), "--policy", policy.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("2 of 2 required authorities signed"), r.out());
  }
}
