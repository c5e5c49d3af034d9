package dev.verdict.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, as in the
 * <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">OCI descriptor spec</a>.
 * Only sha256 and sha512 are accepted; the hex part must have the algorithm's length.
 */
public record Digest(String algorithm, String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  public Digest {
    if (!"sha256".equals(algorithm) && !"sha512".equals(algorithm)) {
      throw new IllegalArgumentException("unsupported digest algorithm '" + algorithm + "' (sha256 or sha512)");
    }
    int want = "sha256".equals(algorithm) ? 64 : 128;
    if (hex == null || hex.length() != want || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "invalid " + algorithm + " digest: expected " + want + " lower-case hex characters");
    }
  }

  /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
  public static Digest parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("digest is missing");
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("invalid digest '" + text + "': expected algorithm:hex");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  public static Digest sha256(byte[] content) {
    return new Digest("sha256", HexFormat.of().formatHex(hash("sha256", content)));
  }

  /** The digest of {@code content} with this digest's algorithm. */
  public Digest recompute(byte[] content) {
    return new Digest(algorithm, HexFormat.of().formatHex(hash(algorithm, content)));
  }

  /** True when {@code content} hashes to this digest. */
  public boolean matches(byte[] content) {
    return MessageDigest.isEqual(hash(algorithm, content), HexFormat.of().parseHex(hex));
  }

  /** The cosign tag for things attached to this digest: {@code sha256-<hex>}. */
  public String tagPrefix() {
    return algorithm + "-" + hex;
  }

  static byte[] hash(String algorithm, byte[] content) {
    try {
      return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT).replace("SHA", "SHA-")).digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
