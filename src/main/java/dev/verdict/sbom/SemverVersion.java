package dev.verdict.sbom;

import java.math.BigInteger;

/**
 * Semantic Versioning 2.0.0 precedence (https://semver.org/#spec-item-11), used for npm, Go modules (a leading
 * {@code v}; pseudo-versions are pre-releases so they order correctly) and Cargo. Build metadata
 * ({@code +incompatible}) is ignored; a version that is not semver falls back to {@link GenericVersion}.
 */
final class SemverVersion {
  private SemverVersion() {}

  static int compare(String a, String b) {
    String[] x = parse(a);
    String[] y = parse(b);
    if (x == null || y == null) {
      return GenericVersion.compare(a, b);
    }
    for (int i = 0; i < 3; i++) {
      int c = new BigInteger(x[i]).compareTo(new BigInteger(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return comparePrerelease(x[3], y[3]);
  }

  /** major, minor, patch, prerelease (null for a release); null when not semver. */
  private static String[] parse(String v) {
    String s = v.trim();
    if (s.startsWith("v") || s.startsWith("V") || s.startsWith("=")) {
      s = s.substring(1);
    }
    int plus = s.indexOf('+');
    if (plus >= 0) {
      s = s.substring(0, plus);
    }
    String pre = null;
    int dash = s.indexOf('-');
    if (dash >= 0) {
      pre = s.substring(dash + 1);
      s = s.substring(0, dash);
      if (pre.isEmpty()) {
        return null;
      }
    }
    String[] core = s.split("\\.", -1);
    if (core.length > 3) {
      return null;
    }
    String[] out = {"0", "0", "0", pre};
    for (int i = 0; i < core.length; i++) {
      if (!GenericVersion.digits(core[i])) {
        return null;
      }
      out[i] = core[i];
    }
    return out;
  }

  private static int comparePrerelease(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean nx = GenericVersion.digits(x[i]);
      boolean ny = GenericVersion.digits(y[i]);
      int c;
      if (nx && ny) {
        c = new BigInteger(x[i]).compareTo(new BigInteger(y[i]));
      } else if (nx || ny) {
        c = nx ? -1 : 1; // numeric identifiers have lower precedence than alphanumeric ones
      } else {
        c = x[i].compareTo(y[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
