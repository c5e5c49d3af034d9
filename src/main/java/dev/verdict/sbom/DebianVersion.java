package dev.verdict.sbom;

/**
 * Debian version ordering (https://www.debian.org/doc/debian-policy/ch-controlfields.html#version):
 * {@code [epoch:]upstream[-revision]}, compared as dpkg does: alternating non-digit parts (letters before other
 * characters, {@code ~} before everything, even the end) and numeric parts.
 */
final class DebianVersion {
  private DebianVersion() {}

  static int compare(String a, String b) {
    String[] x = split(a.trim());
    String[] y = split(b.trim());
    int c = new java.math.BigInteger(x[0]).compareTo(new java.math.BigInteger(y[0]));
    if (c == 0) {
      c = verrevcmp(x[1], y[1]);
    }
    return c != 0 ? c : verrevcmp(x[2], y[2]);
  }

  private static String[] split(String v) {
    String epoch = "0";
    int colon = v.indexOf(':');
    if (colon > 0 && v.substring(0, colon).matches("\\d+")) {
      epoch = v.substring(0, colon);
      v = v.substring(colon + 1);
    }
    int dash = v.lastIndexOf('-');
    return dash < 0 ? new String[] {epoch, v, ""} : new String[] {epoch, v.substring(0, dash), v.substring(dash + 1)};
  }

  private static int order(char c) {
    if (Character.isDigit(c)) {
      return 0;
    }
    if (Character.isLetter(c)) {
      return c;
    }
    return c == '~' ? -1 : c + 256;
  }

  /** dpkg's {@code verrevcmp}. */
  static int verrevcmp(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
        int ac = i < a.length() ? order(a.charAt(i)) : 0;
        int bc = j < b.length() ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return Integer.compare(ac, bc);
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && Character.isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && Character.isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return Integer.signum(firstDiff);
      }
    }
    return 0;
  }
}
