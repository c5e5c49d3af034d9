package dev.verdict.policy;

/**
 * Globs over normalised references: {@code *} matches within a path segment (no {@code /}), {@code **} across
 * segments, {@code ?} one character; {@code "**"} alone matches everything, OCI layouts included. A glob without a
 * tag or digest part also matches the reference's tagged and digested forms ({@code ghcr.io/acme/app} matches
 * {@code ghcr.io/acme/app:1.0@sha256:...}).
 */
public final class ImageGlob {
  private ImageGlob() {}

  public static boolean matches(String glob, String reference) {
    if (glob.equals("**")) {
      return true;
    }
    if (match(glob, 0, reference, 0)) {
      return true;
    }
    String repo = stripTagAndDigest(reference);
    return !repo.equals(reference) && match(glob, 0, repo, 0);
  }

  static String stripTagAndDigest(String reference) {
    String r = reference;
    int at = r.indexOf('@');
    if (at >= 0) {
      r = r.substring(0, at);
    }
    int slash = r.lastIndexOf('/');
    int colon = r.lastIndexOf(':');
    if (colon > slash && colon > (r.startsWith("oci:") ? 3 : -1)) {
      r = r.substring(0, colon);
    }
    return r;
  }

  private static boolean match(String g, int gi, String s, int si) {
    while (gi < g.length()) {
      char c = g.charAt(gi);
      if (c == '*') {
        boolean across = gi + 1 < g.length() && g.charAt(gi + 1) == '*';
        int next = gi + (across ? 2 : 1);
        for (int k = si; k <= s.length(); k++) {
          if (match(g, next, s, k)) {
            return true;
          }
          if (k < s.length() && !across && s.charAt(k) == '/') {
            return false;
          }
        }
        return false;
      }
      if (si >= s.length() || (c != '?' && c != s.charAt(si)) || (c == '?' && s.charAt(si) == '/')) {
        return false;
      }
      gi++;
      si++;
    }
    return si == s.length();
  }
}
