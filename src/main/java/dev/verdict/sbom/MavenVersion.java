package dev.verdict.sbom;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maven version ordering, a port of Maven's {@code ComparableVersion}
 * (https://maven.apache.org/pom.html#version-order-specification): numbers numerically, qualifiers ordered
 * alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < others (lexically).
 */
final class MavenVersion {
  private static final List<String> QUALIFIERS = List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
  private static final Map<String, String> ALIASES = Map.of("ga", "", "final", "", "release", "", "cr", "rc");
  private static final String RELEASE = String.valueOf(QUALIFIERS.indexOf(""));

  private MavenVersion() {}

  static int compare(String a, String b) {
    return compareItems(parse(a), parse(b));
  }

  /** Items are BigInteger, String (comparable qualifier) or List of items. */
  private static List<Object> parse(String version) {
    String v = version.toLowerCase(Locale.ROOT);
    List<Object> list = new ArrayList<>();
    List<Object> root = list;
    Deque<List<Object>> stack = new ArrayDeque<>();
    stack.push(list);
    boolean isDigit = false;
    int start = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '.' || c == '-') {
        list.add(i == start ? BigInteger.ZERO : item(isDigit, v.substring(start, i), false));
        start = i + 1;
        if (c == '-') {
          List<Object> sub = new ArrayList<>();
          list.add(sub);
          list = sub;
          stack.push(list);
        }
      } else if (Character.isDigit(c)) {
        if (!isDigit && i > start) {
          list.add(item(false, v.substring(start, i), true));
          start = i;
          List<Object> sub = new ArrayList<>();
          list.add(sub);
          list = sub;
          stack.push(list);
        }
        isDigit = true;
      } else {
        if (isDigit && i > start) {
          list.add(item(true, v.substring(start, i), false));
          start = i;
          List<Object> sub = new ArrayList<>();
          list.add(sub);
          list = sub;
          stack.push(list);
        }
        isDigit = false;
      }
    }
    if (v.length() > start) {
      list.add(item(isDigit, v.substring(start), false));
    }
    while (!stack.isEmpty()) {
      normalize(stack.pop());
    }
    return root;
  }

  private static Object item(boolean digit, String s, boolean followedByDigit) {
    if (digit) {
      return new BigInteger(s);
    }
    if (followedByDigit && s.length() == 1) {
      s = switch (s.charAt(0)) {
        case 'a' -> "alpha";
        case 'b' -> "beta";
        case 'm' -> "milestone";
        default -> s;
      };
    }
    s = ALIASES.getOrDefault(s, s);
    int i = QUALIFIERS.indexOf(s);
    return i >= 0 ? String.valueOf(i) : QUALIFIERS.size() + "-" + s;
  }

  /** Drops trailing "null" items (0, release qualifiers, empty lists) as Maven does. */
  private static void normalize(List<Object> list) {
    for (int i = list.size() - 1; i >= 0; i--) {
      Object last = list.get(i);
      if (isNull(last)) {
        list.remove(i);
      } else if (!(last instanceof List)) {
        break;
      }
    }
  }

  private static boolean isNull(Object item) {
    if (item instanceof BigInteger n) {
      return n.signum() == 0;
    }
    if (item instanceof String s) {
      return s.equals(RELEASE);
    }
    return ((List<?>) item).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object left, Object right) {
    if (left instanceof BigInteger n) {
      if (right == null) {
        return n.signum() == 0 ? 0 : 1;
      }
      return right instanceof BigInteger m ? n.compareTo(m) : 1;
    }
    if (left instanceof String s) {
      if (right == null) {
        return s.compareTo(RELEASE);
      }
      return right instanceof String t ? s.compareTo(t) : -1;
    }
    List<Object> list = (List<Object>) left;
    if (right == null) {
      return list.isEmpty() ? 0 : compare(list.get(0), null);
    }
    if (right instanceof BigInteger) {
      return -1;
    }
    if (right instanceof String) {
      return 1;
    }
    return compareItems(list, (List<Object>) right);
  }

  private static int compareItems(List<Object> a, List<Object> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      Object l = i < a.size() ? a.get(i) : null;
      Object r = i < b.size() ? b.get(i) : null;
      int c = l == null ? (r == null ? 0 : -compare(r, null)) : compare(l, r);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
