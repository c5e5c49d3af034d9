package dev.verdict.sigstore;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The artifact a bundle is checked against: its bytes, or only its digest ({@code sha256:HEX}, {@code sha512:HEX}).
 */
public record ArtifactInput(byte[] bytes, String algorithm, byte[] digest) {
  public ArtifactInput {
    if ((bytes == null) == (digest == null)) {
      throw new IllegalArgumentException("exactly one of bytes and digest must be set");
    }
    if (digest != null) {
      Objects.requireNonNull(algorithm, "algorithm");
      String jca = Crypto.jcaHash(algorithm);
      if (jca == null) {
        throw new IllegalArgumentException("unsupported digest algorithm " + algorithm + " (sha256, sha384, sha512)");
      }
      int len = Crypto.digest(jca, new byte[0]).length;
      if (digest.length != len) {
        throw new IllegalArgumentException(algorithm + " digest must be " + len + " bytes, not " + digest.length);
      }
      algorithm = jca;
      digest = digest.clone();
    } else {
      bytes = bytes.clone();
      algorithm = null;
    }
  }

  public static ArtifactInput ofBytes(byte[] bytes) {
    return new ArtifactInput(bytes, null, null);
  }

  /** Parses {@code sha256:HEX} (also sha384, sha512). */
  public static ArtifactInput parseDigest(String s) {
    int colon = s.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("digest must look like sha256:HEX, got " + s);
    }
    byte[] d;
    try {
      d = HexFormat.of().parseHex(s.substring(colon + 1).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("digest " + s + " is not hex");
    }
    return new ArtifactInput(null, s.substring(0, colon), d);
  }

  /** The digest by a JCA hash name: computed from the bytes, or the given one when it is of that algorithm. */
  public byte[] digest(String jcaAlgorithm) {
    if (bytes != null) {
      return Crypto.digest(jcaAlgorithm, bytes);
    }
    return jcaAlgorithm.equals(algorithm) ? digest.clone() : null;
  }

  @Override
  public byte[] bytes() {
    return bytes == null ? null : bytes.clone();
  }

  @Override
  public byte[] digest() {
    return digest == null ? null : digest.clone();
  }

  public String describe() {
    if (bytes != null) {
      return "sha256:" + Crypto.hex(Crypto.sha256(bytes));
    }
    return algorithm.replace("-", "").toLowerCase(Locale.ROOT) + ":" + Crypto.hex(digest);
  }
}
