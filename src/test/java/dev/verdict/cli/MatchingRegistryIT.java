package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How images are matched to policies, exceptions and signed identities, end to end against a real registry: only
 * what was verified (repository, digest, a tag resolved in this run) may select a policy or an exception, names are
 * compared in one canonical spelling, and remaps match whole path components.
 */
class MatchingRegistryIT {
  static RegistryServer registry;
  static OciPusher push;
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static final KeyPair OTHER = ClassicSigner.ecKey("secp256r1");
  @TempDir
  static Path tmp;
  static Path keyFile;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    push = new OciPusher(registry.host());
    keyFile = Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(KEY));
    Files.writeString(tmp.resolve("other.pub"), ClassicSigner.pem(OTHER));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static String reg() {
    return registry.host();
  }

  static void sign(String repo, Digest d, Layer... layers) throws Exception {
    push.push(repo, ClassicSigner.manifest(List.of(layers)), d.tagPrefix() + ".sig");
  }

  static Path policy(String file, String... lines) throws Exception {
    return Files.writeString(tmp.resolve(file), String.join("\n", lines) + "\n");
  }

  @Test
  void verify_exceptionNamingTagBesideAnotherDigest_doesNotExcept() throws Exception {
    Path p = policy("legacy.yaml",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: legacy}",
        "spec:",
        "  images: [\"" + reg() + "/legacy/**\"]",
        "  authorities: [{name: release, key: {path: k.pub}}]",
        "  signatures: {from: [release]}",
        "  exceptions:",
        "    - images: [\"" + reg() + "/legacy/app:1.0\"]",
        "      reason: OPS-12",
        "      expires: 2999-01-01");
    push.push("legacy/app", TestImages.randomImage(false), "1.0");
    Digest evil = push.push("legacy/app", TestImages.randomImage(false), "evil");
    Cli.Result byTag = Cli.run("verify", reg() + "/legacy/app:1.0", "--policy", p.toString());
    assertEquals(0, byTag.code(), byTag.toString()); // the tag resolved to its digest in this run: excepted
    assertTrue(byTag.out().contains("excepted until 2999-01-01"), byTag.out());
    Cli.Result pinned = Cli.run("verify", reg() + "/legacy/app:1.0@" + evil, "--policy", p.toString());
    assertEquals(1, pinned.code(), pinned.toString());
    assertTrue(pinned.out().contains("the tag 1.0 beside the digest is not checked"), pinned.out());
  }

  @Test
  void verify_tagGlobBesideAnotherDigest_selectsNoPolicy() throws Exception {
    Path p = policy("tagged.yaml",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: tagged}",
        "spec:",
        "  images: [\"" + reg() + "/tagged/app:1.*\"]",
        "  authorities: [{name: release, key: {path: k.pub}}]",
        "  signatures: {from: [release]}");
    Digest d = push.push("tagged/app", TestImages.randomImage(false), "1.0");
    sign("tagged/app", d, Layer.signed(KEY, ClassicSigner.payload(reg() + "/tagged/app", d)));
    assertEquals(0, Cli.run("verify", reg() + "/tagged/app:1.0", "--policy", p.toString()).code());
    Cli.Result pinned = Cli.run("verify", reg() + "/tagged/app:1.5@" + d, "--policy", p.toString());
    assertEquals(1, pinned.code(), pinned.toString());
    assertTrue(pinned.out().contains("no policy matches"), pinned.out());
  }

  @Test
  void verify_upperCaseRegistryHost_isMatchedByTheLowerCasePolicy() throws Exception {
    String port = reg().substring(reg().indexOf(':'));
    Path p = policy("case.yaml",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: team}",
        "spec:",
        "  images: [\"localhost" + port + "/team/**\"]",
        "  authorities: [{name: release, key: {path: k.pub}}]",
        "  signatures: {from: [release]}",
        "---",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: anything-else}",
        "spec:",
        "  images: [\"**\"]",
        "  authorities: [{name: other, key: {path: other.pub}}]",
        "  signatures: {from: [other]}",
        "  signedIdentity: any");
    Digest d = push.push("team/app", TestImages.randomImage(false), "1.0");
    sign("team/app", d, Layer.signed(OTHER, ClassicSigner.payload("LOCALHOST" + port + "/team/app", d)));
    Cli.Result upper = Cli.run("verify", "LOCALHOST" + port + "/team/app:1.0", "--policy", p.toString());
    assertEquals(1, upper.code(), upper.toString());
    assertTrue(upper.out().contains("team"), upper.out());
    assertTrue(upper.out().contains("localhost" + port + "/team/app"), upper.out());

    Path glob = policy("case-glob.yaml",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: upper-glob}",
        "spec:",
        "  images: [\"LocalHost" + port + "/team/**\"]",
        "  authorities: [{name: release, key: {path: k.pub}}]",
        "  signatures: {from: [release]}");
    sign("team/app", d, Layer.signed(KEY, ClassicSigner.payload("localhost" + port + "/team/app", d)));
    assertEquals(0, Cli.run("verify", "localhost" + port + "/team/app:1.0", "--policy", glob.toString()).code());
  }

  @Test
  void verify_upperCaseRepositoryPath_isRefused() {
    Cli.Result r = Cli.run("verify", reg() + "/Team/app:1.0", "--key", keyFile.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("must be lowercase"), r.err());
  }

  @Test
  void verify_remapPrefix_matchesWholePathComponents_adHoc() throws Exception {
    Digest evil = push.push("team-evil/app", TestImages.randomImage(false), "1.0");
    sign("team-evil/app", evil, Layer.signed(KEY, ClassicSigner.payload(reg() + "/prod-evil/app", evil)));
    Digest good = push.push("team/svc", TestImages.randomImage(false), "1.0");
    sign("team/svc", good, Layer.signed(KEY, ClassicSigner.payload(reg() + "/prod/svc", good)));
    String remap = reg() + "/team=" + reg() + "/prod";
    Cli.Result attack = Cli.run("verify", reg() + "/team-evil/app:1.0", "--key", keyFile.toString(),
        "--signed-identity-remap", remap);
    assertEquals(1, attack.code(), attack.toString());
    assertTrue(attack.out().contains("signed for repository " + reg() + "/prod-evil/app, not for " + reg()
        + "/team-evil/app"), attack.out());
    assertEquals(0, Cli.run("verify", reg() + "/team/svc:1.0", "--key", keyFile.toString(),
        "--signed-identity-remap", remap).code());
  }

  @Test
  void verify_remapPrefix_matchesWholePathComponents_policy() throws Exception {
    Digest evil = push.push("pteam-evil/app", TestImages.randomImage(false), "1.0");
    sign("pteam-evil/app", evil, Layer.signed(KEY, ClassicSigner.payload(reg() + "/pprod-evil/app", evil)));
    Digest good = push.push("pteam/svc", TestImages.randomImage(false), "1.0");
    sign("pteam/svc", good, Layer.signed(KEY, ClassicSigner.payload(reg() + "/pprod/svc", good)));
    Path p = policy("remap.yaml",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: remap}",
        "spec:",
        "  images: [\"**\"]",
        "  authorities: [{name: release, key: {path: k.pub}}]",
        "  signatures: {from: [release]}",
        "  signedIdentity: {remap: [{from: \"" + reg() + "/pteam\", signedAs: \"" + reg() + "/pprod\"}]}");
    assertEquals(1, Cli.run("verify", reg() + "/pteam-evil/app:1.0", "--policy", p.toString()).code());
    assertEquals(0, Cli.run("verify", reg() + "/pteam/svc:1.0", "--policy", p.toString()).code());
  }

  @Test
  void verify_remapPrefixWithTag_isUsageError() {
    Cli.Result r = Cli.run("verify", reg() + "/team/app:1.0", "--key", keyFile.toString(),
        "--signed-identity-remap", reg() + "/team:1.0=" + reg() + "/prod");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--signed-identity-remap"), r.err());
  }

  @Test
  void verify_sameKeyByPathAndInline_oneSignatureDoesNotMeetTwoOfTwo() throws Exception {
    String pem = ClassicSigner.pem(KEY).strip().replace("\n", "\n          ");
    Path p = policy("same-key.yaml",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: same-key}",
        "spec:",
        "  images: [\"" + reg() + "/twice/**\"]",
        "  authorities:",
        "    - {name: release, key: {path: k.pub}}",
        "    - name: security",
        "      key:",
        "        pem: |",
        "          " + pem,
        "  signatures: {require: 2, from: [release, security]}");
    Digest d = push.push("twice/app", TestImages.randomImage(false), "1.0");
    byte[] payload = ClassicSigner.payload(reg() + "/twice/app", d);
    sign("twice/app", d, Layer.signed(KEY, payload), Layer.signed(KEY, payload));
    Cli.Result r = Cli.run("verify", reg() + "/twice/app:1.0", "--policy", p.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("only 1 of the 2 required authorities signed"), r.out());
    Cli.Result lint = Cli.run("policy", "lint", p.toString());
    assertTrue(lint.out().contains("authorities 'release' and 'security' accept the same key")
        || lint.err().contains("authorities 'release' and 'security' accept the same key"), lint.toString());
  }

  @Test
  void verify_adHocTwoKeysOneSigner_allows() throws Exception {
    Path other = tmp.resolve("other.pub");
    Digest d = push.push("anyone/app", TestImages.randomImage(false), "1.0");
    sign("anyone/app", d, Layer.signed(KEY, ClassicSigner.payload(reg() + "/anyone/app", d)));
    Cli.Result r = Cli.run("verify", reg() + "/anyone/app:1.0", "--key", other.toString(), "--key", keyFile.toString());
    assertEquals(0, r.code(), r.toString());
  }

  @Test
  void verify_celImageReference_neverShowsAnUncheckedTag() throws Exception {
    String slsa = "https://slsa.dev/provenance/v1";
    Path p = policy("cel-tag.yaml",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: cel-tag}",
        "spec:",
        "  images: [\"" + reg() + "/celtag/**\"]",
        "  authorities: [{name: release, key: {path: k.pub}}]",
        "  attestations:",
        "    - name: release-tags-only",
        "      predicateType: " + slsa,
        "      from: [release]",
        "      conditions:",
        "        - expr: 'image.reference.contains(\":release-\")'",
        "          message: only release tags");
    Digest d = push.push("celtag/app", TestImages.randomImage(false), "release-1");
    byte[] statement = dev.verdict.attestation.Envelopes.statement(slsa, "{}", d.toString());
    push.push("celtag/app", ClassicSigner.manifest(List.of(new Layer(dev.verdict.attestation.Envelopes.signed(KEY,
        "application/vnd.in-toto+json", statement), java.util.Map.of("predicateType", slsa))),
        List.of(dev.verdict.oci.MediaTypes.DSSE_ENVELOPE)), d.tagPrefix() + ".att");
    Cli.Result byTag = Cli.run("verify", reg() + "/celtag/app:release-1", "--policy", p.toString());
    assertEquals(0, byTag.code(), byTag.toString());
    Cli.Result pinned = Cli.run("verify", reg() + "/celtag/app:release-9@" + d, "--policy", p.toString());
    assertEquals(1, pinned.code(), pinned.toString());
    assertTrue(pinned.out().contains("only release tags"), pinned.out());
  }
}
