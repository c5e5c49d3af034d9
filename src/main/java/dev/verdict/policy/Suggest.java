package dev.verdict.policy;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt field and authority names (Levenshtein distance, case-insensitive). */
final class Suggest {
  private Suggest() {}

  /** The closest of {@code known} to {@code word}, or null when none is close enough to be a typo. */
  static String nearest(String word, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(word.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(1, word.length() / 3) && bestDistance < word.length() ? best
        : null;
  }

  /** {@code (did you mean X?)} or {@code (known: a, b, c)}. */
  static String hint(String word, Collection<String> known) {
    String near = nearest(word, known);
    return near != null ? "(did you mean " + near + "?)" : "(known: " + String.join(", ", known) + ")";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
