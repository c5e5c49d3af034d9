package dev.verdict.oci;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge ({@code Bearer realm="...",service="...",scope="..."} or {@code Basic ...}),
 * as in <a href="https://datatracker.ietf.org/doc/html/rfc7235#section-4.1">RFC 7235</a> and the
 * <a href="https://distribution.github.io/distribution/spec/auth/token/">distribution token spec</a>.
 *
 * @param scheme lower-case scheme ({@code bearer}, {@code basic})
 * @param params parameters with lower-case names
 */
record Challenge(String scheme, Map<String, String> params) {
  Challenge {
    params = Map.copyOf(params);
  }

  /** Parses the first challenge of a header value; throws {@link IllegalArgumentException} when malformed. */
  static Challenge parse(String header) {
    if (header == null || header.isBlank()) {
      throw new IllegalArgumentException("empty WWW-Authenticate header");
    }
    String s = header.trim();
    int sp = 0;
    while (sp < s.length() && !Character.isWhitespace(s.charAt(sp))) {
      sp++;
    }
    String scheme = s.substring(0, sp).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    int i = sp;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
        i++;
      }
      int eq = s.indexOf('=', i);
      if (i >= s.length()) {
        break;
      }
      if (eq < 0) {
        throw new IllegalArgumentException("malformed WWW-Authenticate parameter in '" + header + "'");
      }
      String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) {
            i++;
          }
          value.append(s.charAt(i++));
        }
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated quoted string in WWW-Authenticate '" + header + "'");
        }
        i++;
      } else {
        while (i < s.length() && s.charAt(i) != ',') {
          value.append(s.charAt(i++));
        }
      }
      params.putIfAbsent(name, value.toString().trim());
    }
    return new Challenge(scheme, params);
  }

  String param(String name) {
    return params.get(name);
  }
}
