package dev.verdict.sbom;

/**
 * RPM version ordering: {@code [epoch:]version[-release]} with each part compared by {@code rpmvercmp}
 * (https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.cc): alphanumeric segments, numbers
 * beat letters, {@code ~} sorts before everything, {@code ^} after the end but before anything else.
 */
final class RpmVersion {
  private RpmVersion() {}

  static int compare(String a, String b) {
    String[] x = split(a.trim());
    String[] y = split(b.trim());
    int c = rpmvercmp(x[0], y[0]);
    if (c == 0) {
      c = rpmvercmp(x[1], y[1]);
    }
    // a release missing on one side does not take part, as rpm does when a dependency names no release
    return c != 0 || x[2] == null || y[2] == null ? c : rpmvercmp(x[2], y[2]);
  }

  private static String[] split(String v) {
    String epoch = "0";
    int colon = v.indexOf(':');
    if (colon > 0) {
      epoch = v.substring(0, colon);
      v = v.substring(colon + 1);
    }
    int dash = v.lastIndexOf('-');
    return dash < 0 ? new String[] {epoch, v, null} : new String[] {epoch, v.substring(0, dash), v.substring(dash + 1)};
  }

  static int rpmvercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while (i < a.length() && !alnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') {
        i++;
      }
      while (j < b.length() && !alnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') {
        j++;
      }
      char ca = i < a.length() ? a.charAt(i) : 0;
      char cb = j < b.length() ? b.charAt(j) : 0;
      if (ca == '~' || cb == '~') {
        if (ca != '~') {
          return 1;
        }
        if (cb != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (ca == '^' || cb == '^') {
        if (ca == 0) {
          return -1;
        }
        if (cb == 0) {
          return 1;
        }
        if (ca != '^') {
          return 1;
        }
        if (cb != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (ca == 0 || cb == 0) {
        break;
      }
      boolean num = Character.isDigit(ca);
      int ei = i;
      int ej = j;
      while (ei < a.length() && (num ? Character.isDigit(a.charAt(ei)) : alpha(a.charAt(ei)))) {
        ei++;
      }
      while (ej < b.length() && (num ? Character.isDigit(b.charAt(ej)) : alpha(b.charAt(ej)))) {
        ej++;
      }
      if (ej == j) {
        return num ? 1 : -1; // numeric segments are newer than alphabetic ones
      }
      String sa = a.substring(i, ei);
      String sb = b.substring(j, ej);
      int c;
      if (num) {
        sa = sa.replaceFirst("^0+(?=.)", "");
        sb = sb.replaceFirst("^0+(?=.)", "");
        c = sa.length() != sb.length() ? Integer.compare(sa.length(), sb.length()) : sa.compareTo(sb);
      } else {
        c = sa.compareTo(sb);
      }
      if (c != 0) {
        return Integer.signum(c);
      }
      i = ei;
      j = ej;
    }
    boolean endA = i >= a.length();
    boolean endB = j >= b.length();
    return endA && endB ? 0 : endA ? -1 : 1;
  }

  private static boolean alnum(char c) {
    return c < 128 && Character.isLetterOrDigit(c);
  }

  private static boolean alpha(char c) {
    return c < 128 && Character.isLetter(c);
  }
}
