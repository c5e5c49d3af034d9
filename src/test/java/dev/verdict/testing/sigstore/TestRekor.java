package dev.verdict.testing.sigstore;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** An in-memory Rekor v1 log: a real RFC 6962 Merkle tree, SETs and signed checkpoints. */
public final class TestRekor {
  /** One appended entry with everything a bundle or cosign annotation carries. */
  public record Entry(long logIndex, long integratedTime, byte[] body, byte[] set, List<byte[]> proof,
      byte[] rootHash, long treeSize, String checkpoint, byte[] logId) {}

  static final String ORIGIN = "rekor.test - 42";
  private final KeyPair key;
  private final byte[] logId;
  private final List<byte[]> leaves = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();

  TestRekor(KeyPair key, int unrelatedEntries) {
    this.key = key;
    this.logId = sha256(key.getPublic().getEncoded());
    for (int i = 0; i < unrelatedEntries; i++) {
      leaves.add(leaf(randomBytes()));
    }
  }

  public KeyPair key() {
    return key;
  }

  public byte[] logId() {
    return logId.clone();
  }

  /** Appends {@code body}, then a few unrelated entries, and proves inclusion in the resulting tree. */
  public Entry append(byte[] body, long integratedTime) {
    long index = leaves.size();
    leaves.add(leaf(body));
    for (int i = 0; i < 3; i++) {
      leaves.add(leaf(randomBytes()));
    }
    List<byte[]> tree = List.copyOf(leaves);
    List<byte[]> proof = path((int) index, tree);
    byte[] root = root(tree);
    String canonical = "{\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"integratedTime\":"
        + integratedTime + ",\"logID\":\"" + HexFormat.of().formatHex(logId) + "\",\"logIndex\":" + index + "}";
    byte[] set = TestSigstore.sign(key.getPrivate(), canonical.getBytes(StandardCharsets.UTF_8));
    String note = ORIGIN + "\n" + tree.size() + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    byte[] sig = TestSigstore.sign(key.getPrivate(), note.getBytes(StandardCharsets.UTF_8));
    byte[] withHint = new byte[4 + sig.length];
    System.arraycopy(logId, 0, withHint, 0, 4);
    System.arraycopy(sig, 0, withHint, 4, sig.length);
    String checkpoint = note + "\n\u2014 " + ORIGIN + " " + Base64.getEncoder().encodeToString(withHint) + "\n";
    return new Entry(index, integratedTime, body.clone(), set, proof, root, tree.size(), checkpoint, logId());
  }

  private byte[] randomBytes() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return b;
  }

  private static byte[] leaf(byte[] body) {
    return hash(new byte[] {0}, body);
  }

  private static byte[] node(byte[] l, byte[] r) {
    return hash(new byte[] {1}, l, r);
  }

  /** MTH over leaf hashes (RFC 6962 section 2.1). */
  static byte[] root(List<byte[]> leafHashes) {
    if (leafHashes.size() == 1) {
      return leafHashes.get(0);
    }
    int k = split(leafHashes.size());
    return node(root(leafHashes.subList(0, k)), root(leafHashes.subList(k, leafHashes.size())));
  }

  /** PATH(m, D[n]) (RFC 6962 section 2.1.1), leaf side first. */
  static List<byte[]> path(int m, List<byte[]> leafHashes) {
    List<byte[]> out = new ArrayList<>();
    if (leafHashes.size() <= 1) {
      return out;
    }
    int k = split(leafHashes.size());
    if (m < k) {
      out.addAll(path(m, leafHashes.subList(0, k)));
      out.add(root(leafHashes.subList(k, leafHashes.size())));
    } else {
      out.addAll(path(m - k, leafHashes.subList(k, leafHashes.size())));
      out.add(root(leafHashes.subList(0, k)));
    }
    return out;
  }

  private static int split(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }

  static byte[] sha256(byte[] b) {
    return hash(b);
  }

  private static byte[] hash(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      Arrays.stream(parts).forEach(md::update);
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
