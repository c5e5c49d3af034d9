package dev.verdict.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Recursive-descent parser for SPDX license expressions (SPDX 2.3 Annex D grammar). */
final class LicenseExpressionParser {
  /** Deprecated GNU family ids (lower case) and the {@code -only} id they mean; {@code +} means {@code -or-later}. */
  static final Map<String, String> DEPRECATED = Map.ofEntries(
      Map.entry("gpl-1.0", "gpl-1.0-only"), Map.entry("gpl-2.0", "gpl-2.0-only"),
      Map.entry("gpl-3.0", "gpl-3.0-only"), Map.entry("lgpl-2.0", "lgpl-2.0-only"),
      Map.entry("lgpl-2.1", "lgpl-2.1-only"), Map.entry("lgpl-3.0", "lgpl-3.0-only"),
      Map.entry("agpl-1.0", "agpl-1.0-only"), Map.entry("agpl-3.0", "agpl-3.0-only"),
      Map.entry("gfdl-1.1", "gfdl-1.1-only"), Map.entry("gfdl-1.2", "gfdl-1.2-only"),
      Map.entry("gfdl-1.3", "gfdl-1.3-only"));

  private static final Pattern ID = Pattern.compile("(DocumentRef-[A-Za-z0-9.-]+:)?[A-Za-z0-9.-]+\\+?");

  /** Real expressions nest two or three levels; the parser recurses once per level, so the depth is bounded. */
  static final int MAX_DEPTH = 64;

  private final String text;
  private final List<String> tokens = new ArrayList<>();
  private int pos;
  private int depth;

  LicenseExpressionParser(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty license expression");
    }
    this.text = text;
    tokenize();
  }

  LicenseExpression parse() {
    LicenseExpression e = or();
    if (pos < tokens.size()) {
      throw error("unexpected '" + tokens.get(pos) + "'");
    }
    return e;
  }

  private LicenseExpression or() {
    List<LicenseExpression> ops = new ArrayList<>(List.of(and()));
    while (accept("or")) {
      ops.add(and());
    }
    return ops.size() == 1 ? ops.get(0) : new LicenseExpression.Or(ops);
  }

  private LicenseExpression and() {
    List<LicenseExpression> ops = new ArrayList<>(List.of(with()));
    while (accept("and")) {
      ops.add(with());
    }
    return ops.size() == 1 ? ops.get(0) : new LicenseExpression.And(ops);
  }

  private LicenseExpression with() {
    if (accept("(")) {
      if (++depth > MAX_DEPTH) {
        throw error("parentheses nested more than " + MAX_DEPTH + " deep");
      }
      LicenseExpression inner = or();
      if (!accept(")")) {
        throw error("missing ')'");
      }
      depth--;
      return inner;
    }
    String id = id("a license id");
    if (accept("with")) {
      return new LicenseExpression.License(id, id("an exception id after WITH"));
    }
    return new LicenseExpression.License(id, null);
  }

  private String id(String what) {
    if (pos >= tokens.size()) {
      throw error("expected " + what + " at end");
    }
    String t = tokens.get(pos);
    if (t.equals("(") || t.equals(")") || isOperator(t)) {
      throw error("expected " + what + ", found '" + t + "'");
    }
    if (!ID.matcher(t).matches()) {
      throw error("invalid license id '" + t + "'");
    }
    pos++;
    return t;
  }

  private boolean accept(String token) {
    if (pos < tokens.size() && tokens.get(pos).toLowerCase(Locale.ROOT).equals(token)) {
      pos++;
      return true;
    }
    return false;
  }

  private static boolean isOperator(String t) {
    String l = t.toLowerCase(Locale.ROOT);
    return l.equals("and") || l.equals("or") || l.equals("with");
  }

  private void tokenize() {
    StringBuilder cur = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(' || c == ')' || Character.isWhitespace(c)) {
        if (cur.length() > 0) {
          tokens.add(cur.toString());
          cur.setLength(0);
        }
        if (!Character.isWhitespace(c)) {
          tokens.add(String.valueOf(c));
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      tokens.add(cur.toString());
    }
  }

  private IllegalArgumentException error(String problem) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return new IllegalArgumentException("license expression '" + shown + "': " + problem);
  }
}
