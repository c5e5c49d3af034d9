package dev.verdict.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A TUF repository written by the tests (TUF spec 1.0: ed25519 keys, consistent snapshots, signatures over canonical
 * JSON), laid out as a mirror serves it: {@code N.root.json}, {@code timestamp.json}, {@code N.snapshot.json},
 * {@code N.targets.json} and {@code targets/<sha256>.<name>}.
 */
final class TestTufRepo {
  private static final HexFormat HEX = HexFormat.of();
  final Path dir;
  final Map<String, KeyPair> keys = new LinkedHashMap<>();
  final Map<String, byte[]> targets = new TreeMap<>();
  int rootVersion;
  int timestampVersion;
  int snapshotVersion;
  int targetsVersion;
  Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
  Instant timestampExpires;

  TestTufRepo(Path dir) throws GeneralSecurityException, IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("targets"));
    for (String role : List.of("root", "timestamp", "snapshot", "targets")) {
      keys.put(role, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }
  }

  /** Publishes a new root version signed by the current root key and, when rotating, by the new one. */
  void publishRoot(KeyPair newRootKey) throws Exception {
    KeyPair old = keys.get("root");
    if (newRootKey != null) {
      keys.put("root", newRootKey);
    }
    rootVersion++;
    Map<String, Object> k = new TreeMap<>();
    Map<String, Object> roles = new TreeMap<>();
    for (Map.Entry<String, KeyPair> e : keys.entrySet()) {
      String id = keyId(e.getValue());
      k.put(id, keyJson(e.getValue()));
      roles.put(e.getKey(), Map.of("keyids", List.of(id), "threshold", 1));
    }
    Map<String, Object> signed = meta("root", rootVersion, expires);
    signed.put("consistent_snapshot", true);
    signed.put("keys", k);
    signed.put("roles", roles);
    List<KeyPair> signers = new ArrayList<>(List.of(keys.get("root")));
    if (newRootKey != null && old != newRootKey) {
      signers.add(old);
    }
    write(rootVersion + ".root.json", sign(signed, signers));
  }

  /** Publishes targets, snapshot and timestamp for the current {@link #targets}. */
  void publish() throws Exception {
    for (Map.Entry<String, byte[]> t : targets.entrySet()) {
      Files.write(dir.resolve("targets").resolve(sha256(t.getValue()) + "." + t.getKey()), t.getValue());
    }
    targetsVersion++;
    Map<String, Object> list = new TreeMap<>();
    targets.forEach((name, bytes) -> list.put(name, Map.of("length", bytes.length,
        "hashes", Map.of("sha256", sha256(bytes)))));
    Map<String, Object> t = meta("targets", targetsVersion, expires);
    t.put("targets", list);
    write(targetsVersion + ".targets.json", sign(t, List.of(keys.get("targets"))));
    snapshotVersion++;
    Map<String, Object> s = meta("snapshot", snapshotVersion, expires);
    s.put("meta", Map.of("targets.json", Map.of("version", targetsVersion)));
    byte[] snapshot = sign(s, List.of(keys.get("snapshot")));
    write(snapshotVersion + ".snapshot.json", snapshot);
    publishTimestamp(snapshot);
  }

  /** A new timestamp over the current snapshot. */
  void publishTimestamp(byte[] snapshot) throws Exception {
    timestampVersion++;
    Map<String, Object> ts = meta("timestamp", timestampVersion, timestampExpires != null ? timestampExpires : expires);
    ts.put("meta", Map.of("snapshot.json", Map.of("version", snapshotVersion, "length", snapshot.length,
        "hashes", Map.of("sha256", sha256(snapshot)))));
    write("timestamp.json", sign(ts, List.of(keys.get("timestamp"))));
  }

  byte[] rootJson(int version) throws IOException {
    return Files.readAllBytes(dir.resolve(version + ".root.json"));
  }

  private static Map<String, Object> meta(String type, int version, Instant expires) {
    Map<String, Object> m = new TreeMap<>();
    m.put("_type", type);
    m.put("spec_version", "1.0.31");
    m.put("version", version);
    m.put("expires", expires.toString());
    return m;
  }

  private void write(String name, byte[] bytes) throws IOException {
    Files.write(dir.resolve(name), bytes);
  }

  static byte[] sign(Map<String, Object> signed, List<KeyPair> signers) throws GeneralSecurityException {
    byte[] canonical = canonical(signed).getBytes(StandardCharsets.UTF_8);
    List<Object> sigs = new ArrayList<>();
    for (KeyPair k : signers) {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(k.getPrivate());
      s.update(canonical);
      sigs.add(Map.of("keyid", keyId(k), "sig", HEX.formatHex(s.sign())));
    }
    Map<String, Object> doc = new TreeMap<>();
    doc.put("signatures", sigs);
    doc.put("signed", signed);
    return canonical(doc).getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, Object> keyJson(KeyPair k) {
    byte[] spki = k.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    Map<String, Object> m = new TreeMap<>();
    m.put("keytype", "ed25519");
    m.put("scheme", "ed25519");
    m.put("keyid_hash_algorithms", List.of("sha256", "sha512"));
    m.put("keyval", Map.of("public", HEX.formatHex(raw)));
    return m;
  }

  static String keyId(KeyPair k) {
    return sha256(canonical(keyJson(k)).getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] b) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Canonical JSON (sorted keys, no whitespace) of maps, lists, ASCII strings, integers and booleans. */
  @SuppressWarnings("unchecked")
  static String canonical(Object o) {
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
    if (o instanceof String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    return String.valueOf(o);
  }
}
