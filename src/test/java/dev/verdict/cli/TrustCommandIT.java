package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.BinVerdict;
import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through bin/verdict: 'trust update' from a directory mirror (an air-gapped copy of a TUF repository
 * whose trusted_root.json target is the public-good root of the bundle fixtures), then 'verify-artifact
 * --trusted-root tuf' verifying a keyless bundle offline, and 'trust show'.
 */
class TrustCommandIT {
  static final Path DIR = Path.of("testdata/sigstore-bundles");
  static final Path TRUSTED_ROOT = DIR.resolve("derived-trust-roots/PROD-trusted_root.sigstore-python-store.json");
  static final Path BUNDLE = DIR.resolve("sigstore-java/sigstore-java/src/test/resources/dev/sigstore/samples/"
      + "bundles/bundle.v3.sigstore");
  static final Path ARTIFACT = DIR.resolve("sigstore-java/sigstore-java/src/test/resources/dev/sigstore/samples/"
      + "bundles/artifact.txt");

  @TempDir
  Path tmp;

  @Test
  void trustUpdateFromDirectory_thenVerifyArtifactWithTuf_verifiesOffline() throws Exception {
    Path mirror = tmp.resolve("mirror");
    Path root = writeRepository(mirror, Instant.now().plus(30, ChronoUnit.DAYS));
    Map<String, String> env = Map.of("VERDICT_CACHE_DIR", tmp.resolve("cache").toString());

    Cli.Result before = BinVerdict.run(env, "verify-artifact", ARTIFACT.toString(), "--bundle", BUNDLE.toString(),
        "--certificate-identity", "appu@google.com", "--certificate-oidc-issuer", "https://accounts.google.com",
        "--trusted-root", "tuf");
    assertEquals(3, before.code(), before.toString());
    assertTrue(before.err().contains("run 'verdict trust update'"), before.toString());

    Cli.Result update = BinVerdict.run(env, "trust", "update", "--mirror", mirror.toString(), "--root",
        root.toString());
    assertEquals(0, update.code(), update.toString());
    assertTrue(update.out().contains("TUF root v1"), update.toString());

    Cli.Result verified = BinVerdict.run(env, "verify-artifact", ARTIFACT.toString(), "--bundle",
        BUNDLE.toString(), "--certificate-identity", "appu@google.com", "--certificate-oidc-issuer",
        "https://accounts.google.com", "--trusted-root", "tuf");
    assertEquals(0, verified.code(), verified.toString());
    assertTrue(verified.out().contains("Verified OK"), verified.toString());
    assertEquals("", verified.err(), verified.toString());

    Cli.Result wrongId = BinVerdict.run(env, "verify-artifact", ARTIFACT.toString(), "--bundle",
        BUNDLE.toString(), "--certificate-identity", "mallory@example.com", "--certificate-oidc-issuer",
        "https://accounts.google.com", "--trusted-root", "tuf");
    assertEquals(1, wrongId.code(), wrongId.toString());

    Cli.Result show = BinVerdict.run(env, "trust", "show");
    assertEquals(0, show.code(), show.toString());
    assertTrue(show.out().contains("Transparency logs (Rekor): 2"), show.toString());
    assertTrue(show.out().contains("https://rekor.sigstore.dev"), show.toString());
    assertTrue(show.out().contains("2022-04-13T20:06:15Z .. open"), show.toString());

    Cli.Result json = BinVerdict.run(env, "trust", "show", "-o", "json");
    assertEquals(0, json.code(), json.toString());
    assertTrue(json.out().contains("\"ctlogs\""), json.toString());
  }

  @Test
  void verifyArtifactWithExpiredTufMetadata_warnsOrFailsWhenFreshRequired() throws Exception {
    Path mirror = tmp.resolve("mirror");
    Path root = writeRepository(mirror, Instant.now().plus(30, ChronoUnit.DAYS));
    Path cache = tmp.resolve("cache");
    Map<String, String> env = Map.of("VERDICT_CACHE_DIR", cache.toString());
    assertEquals(0, BinVerdict.run(env, "trust", "update", "--mirror", mirror.toString(), "--root",
        root.toString()).code());
    // time passes: the cached timestamp metadata expires two days ago
    Path gen = cache.resolve("tuf").resolve(Files.readString(cache.resolve("tuf/current")).strip());
    Path ts = gen.resolve("metadata/timestamp.json");
    String expired = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    Files.writeString(ts, Files.readString(ts).replaceAll("\"expires\":\\s*\"[^\"]+\"",
        "\"expires\":\"" + expired + "\""));
    String[] verify = {"verify-artifact", ARTIFACT.toString(), "--bundle", BUNDLE.toString(),
        "--certificate-identity", "appu@google.com", "--certificate-oidc-issuer", "https://accounts.google.com",
        "--trusted-root", "tuf"};
    Cli.Result warned = BinVerdict.run(env, verify);
    assertEquals(0, warned.code(), warned.toString());
    assertTrue(warned.err().contains("warning: trust root cache") && warned.err().contains(
        "TUF timestamp metadata expired 2d ago"), warned.toString());
    String[] strict = Arrays.copyOf(verify, verify.length + 1);
    strict[verify.length] = "--require-fresh-trust";
    Cli.Result refused = BinVerdict.run(env, strict);
    assertEquals(4, refused.code(), refused.toString());
    assertTrue(refused.err().contains("fresh trust is required"), refused.toString());

    // the admission pipeline loads trust the same way: a warning, or exit 4 with --require-fresh-trust
    Path policy = tmp.resolve("keyless-tuf.yaml");
    Files.writeString(policy, String.join("\n", "apiVersion: verdict.dev/v1", "kind: ImagePolicy",
        "metadata: {name: keyless-tuf}", "spec:", "  images: [\"ghcr.io/acme/**\"]", "  authorities:",
        "    - name: release", "      keyless:", "        trustedRoot: tuf", "        identities:",
        "          - {issuer: https://token.actions.githubusercontent.com, subject: https://github.com/acme/a}",
        "  signatures: {from: [release]}", ""));
    String[] review = {"admission", "review", "testdata/admission/examples/deployment-update-unchanged.yaml",
        "--policy", policy.toString()};
    Cli.Result reviewed = BinVerdict.run(env, review);
    assertEquals(0, reviewed.code(), reviewed.toString());
    assertTrue(reviewed.err().contains("TUF timestamp metadata expired 2d ago"), reviewed.toString());
    String[] strictReview = Arrays.copyOf(review, review.length + 1);
    strictReview[review.length] = "--require-fresh-trust";
    Cli.Result reviewRefused = BinVerdict.run(env, strictReview);
    assertEquals(4, reviewRefused.code(), reviewRefused.toString());
    assertTrue(reviewRefused.err().contains("fresh trust is required"), reviewRefused.toString());
  }

  @Test
  void trustUpdateWithRootWithoutMirror_isUsageError() throws Exception {
    Cli.Result r = BinVerdict.run(Map.of("VERDICT_CACHE_DIR", tmp.toString()), "trust", "update", "--root",
        "root.json");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--root needs --mirror"), r.toString());
  }

  @Test
  void trustUpdateWithBrokenRoot_isConfigErrorNamingTheFile() throws Exception {
    Path mirror = tmp.resolve("mirror");
    writeRepository(mirror, Instant.now().plus(30, ChronoUnit.DAYS));
    Map<String, String> env = Map.of("VERDICT_CACHE_DIR", tmp.resolve("cache").toString());
    for (String content : List.of("", "[]", "{\"signed\": {\"_type\": \"targets\"}, \"signatures\": []}",
        "{\"a\": 1, \"a\": 2}")) {
      Path bad = Files.writeString(tmp.resolve("bad-root.json"), content);
      Cli.Result r = BinVerdict.run(env, "trust", "update", "--mirror", mirror.toString(), "--root", bad.toString());
      assertEquals(3, r.code(), content + ": " + r);
      assertTrue(r.err().startsWith("verdict: " + bad + ": not a TUF root.json") && r.err().lines().count() == 1,
          content + ": " + r);
    }
    Cli.Result missingMirror = BinVerdict.run(env, "trust", "update", "--mirror", tmp.resolve("nowhere").toString());
    assertEquals(3, missingMirror.code(), missingMirror.toString());
    assertTrue(missingMirror.err().contains("mirror directory does not exist"), missingMirror.toString());
    assertTrue(Files.notExists(tmp.resolve("cache/tuf/current")));
  }

  /** A one-version TUF repository (ed25519, consistent snapshots) whose trusted_root.json target is TRUSTED_ROOT. */
  static Path writeRepository(Path dir, Instant expires) throws Exception {
    return writeRepository(dir, expires, TRUSTED_ROOT);
  }

  /** As {@link #writeRepository(Path, Instant)}, with {@code trustedRoot} as the trusted_root.json target. */
  static Path writeRepository(Path dir, Instant expires, Path trustedRoot) throws Exception {
    Files.createDirectories(dir.resolve("targets"));
    KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] spki = key.getPublic().getEncoded();
    String pub = HexFormat.of().formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    Map<String, Object> keyJson = new TreeMap<>(Map.of("keytype", "ed25519", "scheme", "ed25519",
        "keyval", Map.of("public", pub)));
    String id = sha256(canonical(keyJson).getBytes());
    Map<String, Object> role = Map.of("keyids", List.of(id), "threshold", 1);
    byte[] target = Files.readAllBytes(trustedRoot);
    Files.write(dir.resolve("targets").resolve(sha256(target) + ".trusted_root.json"), target);
    Map<String, Object> rootMeta = meta("root", expires);
    rootMeta.put("consistent_snapshot", true);
    rootMeta.put("keys", Map.of(id, keyJson));
    rootMeta.put("roles", Map.of("root", role, "timestamp", role, "snapshot", role, "targets", role));
    Files.write(dir.resolve("1.root.json"), sign(rootMeta, key, id));
    Map<String, Object> targets = meta("targets", expires);
    targets.put("targets", Map.of("trusted_root.json", Map.of("length", target.length,
        "hashes", Map.of("sha256", sha256(target)))));
    Files.write(dir.resolve("1.targets.json"), sign(targets, key, id));
    Map<String, Object> snapshot = meta("snapshot", expires);
    snapshot.put("meta", Map.of("targets.json", Map.of("version", 1)));
    Files.write(dir.resolve("1.snapshot.json"), sign(snapshot, key, id));
    Map<String, Object> timestamp = meta("timestamp", expires);
    timestamp.put("meta", Map.of("snapshot.json", Map.of("version", 1)));
    Files.write(dir.resolve("timestamp.json"), sign(timestamp, key, id));
    Path root = dir.getParent().resolve("root.json");
    Files.copy(dir.resolve("1.root.json"), root);
    return root;
  }

  private static Map<String, Object> meta(String type, Instant expires) {
    return new TreeMap<>(Map.of("_type", type, "spec_version", "1.0.31", "version", 1,
        "expires", expires.truncatedTo(ChronoUnit.SECONDS).toString()));
  }

  private static byte[] sign(Map<String, Object> signed, KeyPair key, String id) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key.getPrivate());
    s.update(canonical(signed).getBytes());
    return canonical(Map.of("signatures", List.of(Map.of("keyid", id, "sig", HexFormat.of().formatHex(s.sign()))),
        "signed", signed)).getBytes();
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** Canonical JSON (sorted keys, no whitespace) of maps, lists, ASCII strings, integers and booleans. */
  @SuppressWarnings("unchecked")
  private static String canonical(Object o) {
    if (o instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      new TreeMap<>((Map<String, Object>) m).forEach((k, v) -> b.append(b.length() > 1 ? "," : "")
          .append(canonical(k)).append(':').append(canonical(v)));
      return b.append('}').toString();
    }
    if (o instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        b.append(i > 0 ? "," : "").append(canonical(l.get(i)));
      }
      return b.append(']').toString();
    }
    return o instanceof String s ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : String.valueOf(o);
  }
}
