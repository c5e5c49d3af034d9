package dev.verdict.oci;

import dev.verdict.UndecidableException;

/**
 * The one check every manifest and blob read passes, from a registry or an OCI layout: the bytes must hash to the
 * digest that named them and, where a descriptor gave a size, have that size. A registry header or a layout file
 * name never stands in for the computed digest.
 */
final class VerifiedContent {
  /** How a source words a failed check: a registry that returned other content, a layout whose files differ. */
  interface Errors {
    UndecidableException wrongDigest(Digest expected, String what);

    UndecidableException wrongSize(Digest expected, String what, long found, long size);
  }

  /** Any size: the bytes were named by a digest alone (a manifest asked for by digest, a header's claim). */
  static final long ANY_SIZE = -1;

  private VerifiedContent() {}

  /**
   * Returns {@code bytes} when they hash to {@code digest} and, unless {@code size} is {@link #ANY_SIZE}, are
   * {@code size} bytes long; otherwise throws what {@code errors} says (digest checked first).
   */
  static byte[] check(byte[] bytes, Digest digest, long size, Errors errors, String what)
      throws UndecidableException {
    if (size < ANY_SIZE) {
      throw new IllegalArgumentException("negative size " + size + " for " + what);
    }
    if (!digest.matches(bytes)) {
      throw errors.wrongDigest(digest, what);
    }
    if (size != ANY_SIZE && bytes.length != size) {
      throw errors.wrongSize(digest, what, bytes.length, size);
    }
    return bytes;
  }
}
