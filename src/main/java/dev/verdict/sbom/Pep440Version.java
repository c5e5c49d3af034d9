package dev.verdict.sbom;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 version ordering (https://peps.python.org/pep-0440/#summary-of-permitted-suffixes-and-relative-ordering):
 * epoch, release (trailing zeros ignored), then dev < pre (a < b < rc) < final < post; local versions sort after
 * the public one. Spelling variants (alpha, c, preview, rev, r, {@code -1} post) normalise as PEP 440 says.
 */
final class Pep440Version {
  private static final Pattern VERSION = Pattern.compile("v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
      + "(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\\d+)?)?"
      + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?"
      + "(?:[-_.]?(dev)[-_.]?(\\d+)?)?"
      + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?");
  private static final BigInteger NEG_INF = BigInteger.valueOf(-2);
  private static final BigInteger POS_INF = BigInteger.valueOf(Long.MAX_VALUE);

  private Pep440Version() {}

  static int compare(String a, String b) {
    Matcher x = VERSION.matcher(a.trim().toLowerCase(Locale.ROOT));
    Matcher y = VERSION.matcher(b.trim().toLowerCase(Locale.ROOT));
    if (!x.matches() || !y.matches()) {
      return GenericVersion.compare(a, b);
    }
    int c = num(x.group(1), 0).compareTo(num(y.group(1), 0));
    if (c == 0) {
      c = compareRelease(x.group(2).split("\\."), y.group(2).split("\\."));
    }
    if (c == 0) {
      c = compareKeys(pre(x), pre(y));
    }
    if (c == 0) {
      c = post(x).compareTo(post(y));
    }
    if (c == 0) {
      c = (x.group(8) == null ? POS_INF : num(x.group(9), 0)).compareTo(y.group(8) == null ? POS_INF : num(y.group(9), 0));
    }
    return c != 0 ? c : compareLocal(x.group(10), y.group(10));
  }

  private static int compareRelease(String[] x, String[] y) {
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = num(i < x.length ? x[i] : null, 0).compareTo(num(i < y.length ? y[i] : null, 0));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Pre-release key: {rank, number}; a dev-only release sorts before any pre-release, a final one after. */
  private static BigInteger[] pre(Matcher m) {
    String label = m.group(3);
    if (label == null) {
      boolean devOnly = m.group(8) != null && m.group(5) == null && m.group(6) == null;
      return new BigInteger[] {devOnly ? NEG_INF : POS_INF, BigInteger.ZERO};
    }
    int rank = switch (label) {
      case "a", "alpha" -> 0;
      case "b", "beta" -> 1;
      default -> 2; // c, rc, pre, preview
    };
    return new BigInteger[] {BigInteger.valueOf(rank), num(m.group(4), 0)};
  }

  private static BigInteger post(Matcher m) {
    if (m.group(5) != null) {
      return new BigInteger(m.group(5));
    }
    return m.group(6) == null ? NEG_INF : num(m.group(7), 0);
  }

  private static int compareKeys(BigInteger[] x, BigInteger[] y) {
    int c = x[0].compareTo(y[0]);
    return c != 0 ? c : x[1].compareTo(y[1]);
  }

  /** No local label sorts first; numeric segments sort after alphanumeric ones, then by length. */
  private static int compareLocal(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    String[] x = a.split("[-_.]");
    String[] y = b.split("[-_.]");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean nx = GenericVersion.digits(x[i]);
      boolean ny = GenericVersion.digits(y[i]);
      int c = nx && ny ? new BigInteger(x[i]).compareTo(new BigInteger(y[i])) : nx != ny ? (nx ? 1 : -1)
          : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static BigInteger num(String s, long dflt) {
    return s == null ? BigInteger.valueOf(dflt) : new BigInteger(s);
  }
}
