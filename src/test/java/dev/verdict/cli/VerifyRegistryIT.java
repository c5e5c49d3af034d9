package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import dev.verdict.oci.Digest;
import dev.verdict.testing.BinVerdict;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code verdict verify --key} end to end against a real CNCF Distribution registry on 127.0.0.1. */
class VerifyRegistryIT {
  static RegistryServer registry;
  static OciPusher push;
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static final KeyPair OTHER = ClassicSigner.ecKey("secp256r1");
  @TempDir
  static Path tmp;
  static Path keyFile;
  static Path otherKeyFile;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.start();
    push = new OciPusher(registry.host());
    keyFile = Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(KEY));
    otherKeyFile = Files.writeString(tmp.resolve("other.pub"), ClassicSigner.pem(OTHER));
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  /** Pushes a fresh image as repo:tag and returns its reference and digest. */
  static Digest image(String repo) throws Exception {
    return push.push(repo, TestImages.randomImage(false), "1.0");
  }

  static void sign(String repo, Digest d, Layer... layers) throws Exception {
    push.push(repo, ClassicSigner.manifest(List.of(layers)), d.tagPrefix() + ".sig");
  }

  String ref(String repo) {
    return registry.host() + "/" + repo + ":1.0";
  }

  Cli.Result verify(String repo, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("verify", ref(repo), "--key", keyFile.toString()));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void verify_validlySigned_allowsAndReportsTheSigner() throws Exception {
    Digest d = image("valid/app");
    sign("valid/app", d, Layer.signed(KEY, ClassicSigner.payload(registry.host() + "/valid/app", d)));
    Cli.Result r = verify("valid/app");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("digest: " + d), r.out());
    assertTrue(r.out().contains("pass  signature [key-1 (k.pub)]"), r.out());
  }

  @Test
  void verify_unsigned_denies() throws Exception {
    Digest d = image("unsigned/app");
    Cli.Result r = verify("unsigned/app");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("no signatures attached (" + d.tagPrefix() + ".sig"), r.out());
  }

  @Test
  void verify_tamperedSignature_denies() throws Exception {
    Digest d = image("tampered/app");
    byte[] payload = ClassicSigner.payload(registry.host() + "/tampered/app", d);
    byte[] sig = ClassicSigner.sign(KEY, payload);
    sig[sig.length / 2] ^= 0x40;
    sign("tampered/app", d, new Layer(payload, Map.of("dev.cosignproject.cosign/signature",
        Base64.getEncoder().encodeToString(sig))));
    Cli.Result r = verify("tampered/app");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("signature does not verify"), r.out());
  }

  @Test
  void verify_wrongKey_denies() throws Exception {
    Digest d = image("wrongkey/app");
    sign("wrongkey/app", d, Layer.signed(OTHER, ClassicSigner.payload(registry.host() + "/wrongkey/app", d)));
    assertEquals(1, verify("wrongkey/app").code());
  }

  @Test
  void verify_payloadNamingAnotherDigest_denies() throws Exception {
    Digest d = image("otherdigest/app");
    Digest other = image("otherdigest/second");
    sign("otherdigest/app", d, Layer.signed(KEY, ClassicSigner.payload(registry.host() + "/otherdigest/app", other)));
    Cli.Result r = verify("otherdigest/app");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("signature is for " + other + ", not for " + d), r.out());
  }

  @Test
  void verify_signatureCopiedFromAnotherRepository_denies() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    Digest d = push.push("copy/source", img, "1.0");
    push.push("copy/target", img, "1.0");
    Layer layer = Layer.signed(KEY, ClassicSigner.payload(registry.host() + "/copy/source", d));
    sign("copy/source", d, layer);
    sign("copy/target", d, layer);
    assertEquals(0, verify("copy/source").code());
    Cli.Result r = verify("copy/target");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("signed for repository " + registry.host() + "/copy/source"), r.out());
    // the report prints the exact flag that accepts the copy, and that flag does
    java.util.regex.Matcher hint = java.util.regex.Pattern.compile("--signed-identity-remap (\\S+) \\(ad hoc\\)")
        .matcher(r.out());
    assertTrue(hint.find(), r.out());
    assertEquals(registry.host() + "/copy/target=" + registry.host() + "/copy/source", hint.group(1));
    assertEquals(0, verify("copy/target", "--signed-identity-remap", hint.group(1)).code());
  }

  @Test
  void verify_multiArchIndex_verifiesIndexDigestAndReportsPlatform() throws Exception {
    TestImages.Index index = TestImages.multiArch(false);
    Digest d = push.push("multi/app", index, "1.0");
    sign("multi/app", d, Layer.signed(KEY, ClassicSigner.payload(registry.host() + "/multi/app", d)));
    Cli.Result r = verify("multi/app", "--platform", "linux/arm64", "--format", "json");
    assertEquals(0, r.code(), r.toString());
    JsonNode image = Json.mapper().readTree(r.out()).get("images").get(0);
    assertEquals(d.toString(), image.get("digest").stringValue());
    assertEquals(index.images().get(1).digest().toString(), image.get("platformDigest").stringValue());
    Cli.Result missing = verify("multi/app", "--platform", "linux/s390x");
    assertEquals(1, missing.code(), missing.toString());
    assertTrue(missing.out().contains("index has no manifest for linux/s390x"), missing.out());
  }

  @Test
  void verify_childSignedButIndexNot_denies() throws Exception {
    TestImages.Index index = TestImages.multiArch(false);
    push.push("multichild/app", index, "1.0");
    Digest child = index.images().get(0).digest();
    sign("multichild/app", child, Layer.signed(KEY, ClassicSigner.payload(registry.host() + "/multichild/app",
        child)));
    assertEquals(1, verify("multichild/app", "--platform", "linux/amd64").code());
  }

  @Test
  void verify_jsonFormat_carriesEveryCheck() throws Exception {
    Digest d = image("json/app");
    sign("json/app", d, Layer.signed(OTHER, ClassicSigner.payload(registry.host() + "/json/app", d)));
    Path out = tmp.resolve("report.json");
    Cli.Result r = verify("json/app", "--format", "json=" + out, "--format", "text");
    assertEquals(1, r.code(), r.toString());
    JsonNode root = Json.mapper().readTree(Files.readString(out));
    JsonNode checks = root.get("images").get(0).get("checks");
    assertEquals("deny", root.get("images").get(0).get("decision").stringValue());
    assertEquals("signature", checks.get(1).get("id").stringValue());
    assertEquals("fail", checks.get(1).get("status").stringValue());
    assertTrue(checks.get(1).get("evidence").get("rejected.1").stringValue().contains("does not verify"));
    assertTrue(r.out().startsWith("DENY"), r.out());
  }

  @Test
  void verify_policyTwoOfTwoKeys_needsBothAuthorities() throws Exception {
    Path policy = Files.writeString(tmp.resolve("two-keys.yaml"), String.join("\n",
        "apiVersion: verdict.dev/v1",
        "kind: ImagePolicy",
        "metadata: {name: two-keys}",
        "spec:",
        "  images: [\"" + registry.host() + "/kofn/**\"]",
        "  authorities:",
        "    - {name: release, key: {path: k.pub}}",
        "    - {name: security, key: {path: other.pub}}",
        "  signatures: {require: 2, from: [release, security]}",
        ""));
    Digest d = image("kofn/app");
    byte[] payload = ClassicSigner.payload(registry.host() + "/kofn/app", d);
    sign("kofn/app", d, Layer.signed(KEY, payload));
    Cli.Result one = Cli.run("verify", ref("kofn/app"), "--policy", policy.toString());
    assertEquals(1, one.code(), one.toString());
    assertTrue(one.out().contains("only 1 of the 2 required authorities signed"), one.out());
    sign("kofn/app", d, Layer.signed(KEY, payload), Layer.signed(OTHER, payload));
    Cli.Result both = Cli.run("verify", ref("kofn/app"), "--policy", policy.toString());
    assertEquals(0, both.code(), both.toString());
    Cli.Result unmatched = Cli.run("verify", ref("valid/app"), "--policy", policy.toString());
    assertEquals(1, unmatched.code(), unmatched.toString());
    assertTrue(unmatched.out().contains("no policy matches"), unmatched.out());
  }

  @Test
  void verify_unknownTag_denies() throws Exception {
    image("notag/app");
    Cli.Result r = Cli.run("verify", registry.host() + "/notag/app:missing", "--key", keyFile.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("image not found"), r.out());
  }

  @Test
  void verify_basicAuthRegistry_credentialsFromDockerConfig() throws Exception {
    try (RegistryServer auth = RegistryServer.startWithBasicAuth("ci", "s3cret")) {
      OciPusher authed = new OciPusher(auth.host(), "ci", "s3cret");
      Digest d = authed.push("private/app", TestImages.randomImage(false), "1.0");
      authed.push("private/app", ClassicSigner.manifest(List.of(Layer.signed(KEY,
          ClassicSigner.payload(auth.host() + "/private/app", d)))), d.tagPrefix() + ".sig");
      Path config = Files.createDirectories(tmp.resolve("docker"));
      String token = Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8));
      Files.writeString(config.resolve("config.json"), "{\"auths\":{\"" + auth.host() + "\":{\"auth\":\"" + token
          + "\"}}}");
      String image = auth.host() + "/private/app:1.0";
      Cli.Result ok = BinVerdict.run(Map.of("DOCKER_CONFIG", config.toString()), "verify", image, "--key",
          keyFile.toString());
      assertEquals(0, ok.code(), ok.toString());
      Path empty = Files.createDirectories(tmp.resolve("nodocker"));
      Cli.Result denied = BinVerdict.run(Map.of("DOCKER_CONFIG", empty.toString()), "verify", image, "--key",
          keyFile.toString());
      assertEquals(4, denied.code(), denied.toString());
      assertTrue(denied.out().contains("authentication failed for " + auth.host()), denied.toString());
      assertFalse(denied.err().contains("Exception"), denied.err());
    }
  }

  @Test
  void verify_registryStopped_exitsFourWithoutStackTrace() throws Exception {
    RegistryServer doomed = RegistryServer.start();
    String image;
    try {
      OciPusher p = new OciPusher(doomed.host());
      Digest d = p.push("gone/app", TestImages.randomImage(false), "1.0");
      p.push("gone/app", ClassicSigner.manifest(List.of(Layer.signed(KEY,
          ClassicSigner.payload(doomed.host() + "/gone/app", d)))), d.tagPrefix() + ".sig");
      image = doomed.host() + "/gone/app:1.0";
      assertEquals(0, Cli.run("verify", image, "--key", keyFile.toString()).code());
    } finally {
      doomed.stop();
    }
    Cli.Result r = BinVerdict.run(Map.of(), "verify", image, "--key", keyFile.toString());
    assertEquals(4, r.code(), r.toString());
    assertTrue(r.out().contains("cannot connect to registry"), r.toString());
    assertFalse((r.out() + r.err()).contains("\tat "), r.toString());
  }

  @Test
  void verify_badKeyFile_exitsThree() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.pub"), "not a key");
    Cli.Result r = Cli.run("verify", ref("valid/app"), "--key", bad.toString());
    assertEquals(3, r.code(), r.toString());
    assertEquals("verdict: " + bad + ": invalid public key: not a PEM 'PUBLIC KEY' block\n", r.err());
  }
}
