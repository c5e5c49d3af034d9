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
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 11: a bundle for the first entry of a log (index 0), written as proto3 JSON writers write it (no
 * {@code logIndex} in the tlog entry nor in its inclusion proof), attached as a referrer (fallback tag) in a real
 * registry, verifies through {@code verify --policy}; the same bundle with a wrong index written out is denied. Each
 * case has its own test Sigstore whose log starts empty, so the bundle it makes is entry 0.
 */
class FirstLogEntryRegistryIT {
  static final String SLSA = "https://slsa.dev/provenance/v1";
  static final String SIGN = "https://sigstore.dev/cosign/sign/v1";
  static final String WORKFLOW = ".github/workflows/release.yml@refs/heads/main";
  static final String SUBJECT_RE = "^https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/heads/main$";
  static RegistryServer registry;
  static OciPusher push;
  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    push = new OciPusher(registry.host());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static ObjectNode entry(ObjectNode bundle) {
    return (ObjectNode) bundle.get("verificationMaterial").get("tlogEntries").get(0);
  }

  static ObjectNode proof(ObjectNode bundle) {
    return (ObjectNode) entry(bundle).get("inclusionProof");
  }

  /** proto3 JSON of entry 0: the zero logIndex is omitted from the entry and from its inclusion proof. */
  static void omitZeroIndex(ObjectNode b) {
    entry(b).remove("logIndex");
    proof(b).remove("logIndex");
  }

  /** A policy for HOST/{@code repo} trusting {@code sigstore}, requiring a signature or a provenance attestation. */
  static Path policy(String repo, TestSigstore sigstore, String predicateType) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(repo));
    sigstore.writeTrustedRoot(dir.resolve("trusted_root.json"));
    String require = SIGN.equals(predicateType) ? "  signatures: {require: 1, from: [ci]}"
        : String.join("\n", "  attestations:", "    - name: provenance", "      predicateType: " + SLSA,
            "      from: [ci]");
    return Files.writeString(dir.resolve("policy.yaml"), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: first-entry}",
        "spec:",
        "  images: [\"" + registry.host() + "/" + repo + "\"]",
        "  authorities:",
        "    - name: ci",
        "      keyless:",
        "        trustedRoot: trusted_root.json",
        "        identities: [{issuer: " + TestSigstore.GITHUB_ISSUER + ", subjectRegExp: '" + SUBJECT_RE + "'}]",
        require,
        ""));
  }

  /**
   * Pushes an image to each of {@code repos} (the same digest) and attaches to each, as media type {@code mt}, a
   * copy of one DSSE bundle about it, the first entry of a fresh log, edited by that repository's {@code edits}.
   * Returns the policy of each repository.
   */
  @SafeVarargs
  static List<Path> firstEntry(String predicateType, String mt, List<String> repos, Consumer<ObjectNode>... edits)
      throws Exception {
    TestSigstore sigstore = TestSigstore.createWithEmptyLog();
    TestImages.Image image = TestImages.randomImage(false);
    Digest d = image.digest();
    // a signing statement names the repository; these cases sign for the first one and verify there only
    String name = SIGN.equals(predicateType) ? registry.host() + "/" + repos.get(0) : d.toString();
    byte[] statement = SIGN.equals(predicateType)
        ? TestSigner.statement(name, HexFormat.of().parseHex(d.hex()), SIGN)
        : Envelopes.statement(SLSA, "{\"buildDefinition\":{}}", d.toString());
    byte[] signed = sigstore.githubSigner("acme/app", WORKFLOW).dsseBundle(statement, TestSigner.Options.defaults());
    ObjectNode b = (ObjectNode) Json.mapper().readTree(signed);
    assertEquals("0", entry(b).get("logIndex").stringValue(), "the first entry of a fresh log");
    assertEquals("0", proof(b).get("logIndex").stringValue());
    List<Path> policies = new ArrayList<>();
    for (int i = 0; i < repos.size(); i++) {
      assertEquals(d, push.push(repos.get(i), image, "1.0"));
      ObjectNode copy = b.deepCopy();
      edits[i].accept(copy);
      byte[] bundle = BundleAttacher.relabel(Json.mapper().writeValueAsBytes(copy), mt);
      new BundleAttacher(push, repos.get(i), image.descriptor()).attach(bundle, mt);
      policies.add(policy(repos.get(i), sigstore, predicateType));
    }
    return policies;
  }

  static Cli.Result verify(String repo, Path policy) {
    return Cli.run("verify", registry.host() + "/" + repo + ":1.0", "--policy", policy.toString(), "-v",
        "--format", "json");
  }

  static void assertAllowed(Cli.Result r) {
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\"decision\":\"allow\""), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {MediaTypes.SIGSTORE_BUNDLE_V01, MediaTypes.SIGSTORE_BUNDLE_V02,
      MediaTypes.SIGSTORE_BUNDLE_V03_PARAM, MediaTypes.SIGSTORE_BUNDLE_V03})
  void attestationBundle_firstLogEntryWithLogIndexOmitted_allows(String mt) throws Exception {
    String repo = "first/att-v0" + MediaTypes.sigstoreBundleVersion(mt) + (mt.contains(";") ? "-param" : "");
    Path policy = firstEntry(SLSA, mt, List.of(repo), FirstLogEntryRegistryIT::omitZeroIndex).get(0);
    assertAllowed(verify(repo, policy));
  }

  @Test
  void signatureBundle_firstLogEntryWithLogIndexOmitted_allows() throws Exception {
    Path policy = firstEntry(SIGN, MediaTypes.SIGSTORE_BUNDLE_V03, List.of("first/sig"),
        FirstLogEntryRegistryIT::omitZeroIndex).get(0);
    Cli.Result r = verify("first/sig", policy);
    assertAllowed(r);
    // the signer's evidence names the entry it was proven by: index 0, read from the omitted field
    assertTrue(r.out().contains("\"logIndex\":\"0\""), r.out());
  }

  @Test
  void firstLogEntryBundle_wrongLogIndexWrittenOut_denies() throws Exception {
    // the same bundle four ways: index omitted (allowed), and a wrong index in the entry (the SET signed 0), in
    // the inclusion proof (the Merkle path is for leaf 0), or in both: a parser that ignored the field would allow
    List<String> repos = List.of("first/wrong-none", "first/wrong-entry", "first/wrong-proof", "first/wrong-both");
    List<Path> policies = firstEntry(SLSA, MediaTypes.SIGSTORE_BUNDLE_V03, repos,
        FirstLogEntryRegistryIT::omitZeroIndex,
        b -> {
          omitZeroIndex(b);
          entry(b).put("logIndex", "1");
        },
        b -> {
          omitZeroIndex(b);
          proof(b).put("logIndex", "1");
        },
        b -> {
          entry(b).put("logIndex", "1");
          proof(b).put("logIndex", "1");
        });
    assertAllowed(verify(repos.get(0), policies.get(0)));
    for (int i = 1; i < repos.size(); i++) {
      Cli.Result r = verify(repos.get(i), policies.get(i));
      assertEquals(1, r.code(), repos.get(i) + ": " + r);
      String why = repos.get(i).endsWith("proof") ? "inclusion proof does not lead to root hash"
          : "Rekor SET signature does not verify";
      assertTrue(r.out().contains("\"decision\":\"deny\"") && r.out().contains("signature not verified: ci: " + why),
          repos.get(i) + ": " + r.out());
    }
  }
}
