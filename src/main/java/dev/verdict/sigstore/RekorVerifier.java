package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Rekor proofs: the signed entry timestamp over the canonical entry, the RFC 6962 inclusion proof
 * (https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2), and the signed checkpoint note
 * (https://github.com/transparency-dev/formats/blob/main/log/README.md).
 */
final class RekorVerifier {
  private RekorVerifier() {}

  /** Verifies the SET with the log's key; the log key must be valid at the integrated time. */
  static void verifySet(RekorEntry e, TrustedRoot.Log log) throws VerificationException {
    Instant t = Instant.ofEpochSecond(e.integratedTime());
    if (!log.validAt(t)) {
      throw new VerificationException("Rekor key " + log.describe() + " is not valid at integrated time " + t
          + " (valid " + log.start() + " to " + (log.end() == null ? "now" : log.end()) + ")");
    }
    // The SET signs the RFC 8785 canonical JSON of these four fields (keys sorted, no spaces).
    String canonical = "{\"body\":\"" + Base64.getEncoder().encodeToString(e.body()) + "\",\"integratedTime\":"
        + e.integratedTime() + ",\"logID\":\"" + Crypto.hex(e.logId()) + "\",\"logIndex\":" + e.logIndex() + "}";
    try {
      Crypto.verify(log.key(), canonical.getBytes(StandardCharsets.UTF_8), e.set(), "Rekor SET signature");
    } catch (VerificationException ex) {
      throw new VerificationException("Rekor SET signature does not verify with log key " + log.describe());
    }
  }

  /** Recomputes the root from the leaf and the audit path; verifies the checkpoint when present. */
  static void verifyInclusion(RekorEntry e, TrustedRoot.Log log, boolean checkpointRequired)
      throws VerificationException {
    RekorEntry.InclusionProof p = e.proof();
    byte[] root = rootFromProof(leafHash(e.body()), p.logIndex(), p.treeSize(), p.hashes());
    if (!MessageDigest.isEqual(root, p.rootHash())) {
      throw new VerificationException("inclusion proof does not lead to root hash "
          + Crypto.hex(p.rootHash()) + " (computed " + Crypto.hex(root) + ")");
    }
    if (p.checkpoint() == null || p.checkpoint().isEmpty()) {
      if (checkpointRequired) {
        throw new VerificationException("inclusion proof has no signed checkpoint");
      }
      return;
    }
    verifyCheckpoint(p.checkpoint(), p, log, e.rekorV2() ? origin(log) : null);
  }

  /**
   * A Rekor v2 log's checkpoint origin: its base URL without scheme and trailing slash (rekor-tiles names its log
   * so, and signs its checkpoints under that name). Null when the trusted root gives no base URL.
   */
  static String origin(TrustedRoot.Log log) {
    String url = log.baseUrl();
    if (url == null || url.isBlank()) {
      return null;
    }
    String o = url.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    while (o.endsWith("/")) {
      o = o.substring(0, o.length() - 1);
    }
    return o;
  }

  static byte[] leafHash(byte[] body) {
    return hash((byte) 0, body, null);
  }

  private static byte[] hash(byte prefix, byte[] a, byte[] b) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(prefix);
      md.update(a);
      if (b != null) {
        md.update(b);
      }
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static byte[] rootFromProof(byte[] leaf, long index, long size, List<byte[]> path) throws VerificationException {
    if (index < 0 || size <= 0 || index >= size) {
      throw new VerificationException("inclusion proof index " + index + " is outside tree size " + size);
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leaf;
    for (byte[] p : path) {
      if (p.length != 32) {
        throw new VerificationException("inclusion proof hash of " + p.length + " bytes (32 expected)");
      }
      if (sn == 0) {
        throw new VerificationException("inclusion proof is longer than the tree allows");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hash((byte) 1, p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = hash((byte) 1, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new VerificationException("inclusion proof is shorter than the tree requires");
    }
    return r;
  }

  /**
   * The 4-byte key hint of a note signature: Rekor v1 uses the log id's prefix; the signed-note format
   * (golang.org/x/mod/sumdb/note, used by Rekor v2) hashes the signer name, a key type byte and the key.
   */
  static boolean keyHintMatches(byte[] hint, String name, TrustedRoot.Log log) {
    if (Arrays.equals(hint, Arrays.copyOf(log.logId(), 4))) {
      return true;
    }
    byte[] spki = log.key().getEncoded();
    byte[] type;
    byte[] key;
    if (Crypto.isEd25519(log.key())) {
      type = new byte[] {1};
      key = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    } else {
      type = new byte[] {2};
      key = spki;
    }
    byte[] n = (name + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[n.length + 1 + key.length];
    System.arraycopy(n, 0, all, 0, n.length);
    all[n.length] = type[0];
    System.arraycopy(key, 0, all, n.length + 1, key.length);
    return Arrays.equals(hint, Arrays.copyOf(Crypto.sha256(all), 4));
  }

  /**
   * A checkpoint: signed note body {@code origin\nsize\nbase64(root)\n...} then signature lines.
   *
   * @param origin the origin the log's checkpoints must name (and its signature line be signed under), or null when
   *     the log's name is not known (Rekor v1 names its shards by tree id, which the trusted root does not carry)
   */
  static void verifyCheckpoint(String envelope, RekorEntry.InclusionProof p, TrustedRoot.Log log, String origin)
      throws VerificationException {
    int split = envelope.indexOf("\n\n");
    if (split < 0) {
      throw new VerificationException("checkpoint is not a signed note");
    }
    String note = envelope.substring(0, split + 1);
    String[] lines = note.split("\n");
    if (lines.length < 3) {
      throw new VerificationException("checkpoint has fewer than 3 lines");
    }
    if (origin != null && !origin.equals(lines[0])) {
      throw new VerificationException("checkpoint origin " + lines[0] + " is not the log's (" + origin + ", "
          + log.describe() + ")");
    }
    long size;
    byte[] root;
    try {
      size = Long.parseLong(lines[1]);
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException ex) {
      throw new VerificationException("checkpoint size or root hash is malformed");
    }
    if (size != p.treeSize() || !Arrays.equals(root, p.rootHash())) {
      throw new VerificationException("checkpoint (size " + size + ", root " + Crypto.hex(root)
          + ") does not match the inclusion proof (size " + p.treeSize() + ", root " + Crypto.hex(p.rootHash())
          + ")");
    }
    byte[] signed = note.getBytes(StandardCharsets.UTF_8);
    int sigLines = 0;
    int fromLog = 0;
    for (String line : envelope.substring(split + 2).split("\n")) {
      if (!line.startsWith("\u2014 ")) {
        continue;
      }
      sigLines++;
      int space = line.lastIndexOf(' ');
      byte[] sig;
      try {
        sig = Base64.getDecoder().decode(line.substring(space + 1));
      } catch (IllegalArgumentException ex) {
        continue;
      }
      String name = line.substring(2, space);
      if (sig.length <= 4 || origin != null && !origin.equals(name)
          || !keyHintMatches(Arrays.copyOf(sig, 4), name, log)) {
        continue;
      }
      fromLog++;
      try {
        Crypto.verify(log.key(), signed, Arrays.copyOfRange(sig, 4, sig.length), "checkpoint");
        return;
      } catch (VerificationException ex) {
        // another signer's line, or a bad signature: try the next line
      }
    }
    // Witness cosignatures and other logs' lines are ignored; the log's own line must be there and verify.
    if (fromLog == 0) {
      throw new VerificationException("checkpoint has no signature by log key " + log.describe() + " (" + sigLines
          + " signature line(s), none under its name and key hint)");
    }
    throw new VerificationException("checkpoint signature does not verify with log key " + log.describe());
  }
}
