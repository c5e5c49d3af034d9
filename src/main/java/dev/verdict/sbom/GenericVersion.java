package dev.verdict.sbom;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Fallback ordering for ecosystems without a dedicated one: runs of digits compare numerically, other runs
 * lexically, separators ({@code . - _ +}) only split; a missing trailing part sorts first.
 */
final class GenericVersion {
  private GenericVersion() {}

  static int compare(String a, String b) {
    List<String> x = parts(a);
    List<String> y = parts(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      String p = x.get(i);
      String q = y.get(i);
      boolean np = Character.isDigit(p.charAt(0));
      boolean nq = Character.isDigit(q.charAt(0));
      int c = np && nq ? new BigInteger(p).compareTo(new BigInteger(q)) : np != nq ? (np ? 1 : -1) : p.compareTo(q);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  /** Whether {@code s} is a non-empty run of ASCII digits (cheaper than a regex on hot paths). */
  static boolean digits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static List<String> parts(String v) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (char c : v.trim().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
      boolean sep = !Character.isLetterOrDigit(c);
      if (sep || (cur.length() > 0 && Character.isDigit(c) != Character.isDigit(cur.charAt(0)))) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      }
      if (!sep) {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }
}
