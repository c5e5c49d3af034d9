package dev.verdict.attestation;

/**
 * A source location named in provenance: the repository URI without the {@code git+} prefix and without the
 * {@code @ref} suffix, and the ref (null when absent), as slsa-verifier splits them.
 *
 * @param where the predicate field it came from, for messages
 */
record SlsaSource(String where, String raw, String repository, String ref) {
  /** Splits {@code git+https://github.com/o/r@refs/heads/main}; an {@code @} in the authority is user info. */
  static SlsaSource parse(String where, String uri) {
    String s = uri.startsWith("git+") ? uri.substring(4) : uri;
    int scheme = s.indexOf("://");
    int pathStart = scheme < 0 ? 0 : s.indexOf('/', scheme + 3);
    int at = pathStart < 0 ? -1 : s.indexOf('@', pathStart);
    if (at < 0) {
      return new SlsaSource(where, uri, s, null);
    }
    return new SlsaSource(where, uri, s.substring(0, at), s.substring(at + 1));
  }

  /** The rule's exact repository in the same form: no {@code git+}, {@code https://} when no scheme is given. */
  static String normalizeExpected(String repository) {
    String s = repository.startsWith("git+") ? repository.substring(4) : repository;
    return s.contains("://") ? s : "https://" + s;
  }
}
