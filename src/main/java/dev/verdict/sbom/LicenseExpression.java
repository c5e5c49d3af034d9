package dev.verdict.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An SPDX license expression (https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/): {@code WITH} binds
 * tighter than {@code AND}, which binds tighter than {@code OR}; operators are matched case-insensitively, ids too.
 *
 * <p>Decisions: deprecated GNU ids are normalised ({@code GPL-2.0} to {@code GPL-2.0-only}, {@code GPL-2.0+} to
 * {@code GPL-2.0-or-later}); {@code NOASSERTION} and {@code NONE} are ordinary leaves, so a deny list passes them
 * unless it names them and an allow list fails them unless it names them; a free-text license name (not an
 * expression) is a {@link Name} leaf, denied when one of its words is a denied id and allowed only when named whole;
 * ids are compared after that normalisation only, so {@code GPL-3.0-only} and {@code GPL-3.0-or-later} are distinct
 * (list both to deny both), and an exception never hides its base license from a deny list.
 */
sealed interface LicenseExpression {

  /** A license id with its optional {@code +} folded into the id and an optional {@code WITH} exception. */
  record License(String id, String exception) implements LicenseExpression {
    @Override
    public String toString() {
      return exception == null ? id : id + " WITH " + exception;
    }
  }

  /** A license known only by a free-text name (CycloneDX {@code license.name}, malformed expressions). */
  record Name(String text) implements LicenseExpression {
    /** The id-like words of the name ({@code "GPL-3.0 and/or MIT"} gives GPL-3.0, and, or, MIT). */
    public List<String> words() {
      return List.of(text.split("[^A-Za-z0-9.+-]+"));
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Every operand must be honoured. */
  record And(List<LicenseExpression> operands) implements LicenseExpression {
    public And {
      operands = List.copyOf(operands);
    }

    @Override
    public String toString() {
      return join(operands, " AND ");
    }
  }

  /** The licensee may choose any one operand. */
  record Or(List<LicenseExpression> operands) implements LicenseExpression {
    public Or {
      operands = List.copyOf(operands);
    }

    @Override
    public String toString() {
      return join(operands, " OR ");
    }
  }

  /** The NOASSERTION leaf that stands for a component without license information. */
  LicenseExpression NOASSERTION = new License("NOASSERTION", null);

  /** Parses an SPDX license expression; throws IllegalArgumentException naming the problem and position. */
  static LicenseExpression parse(String text) {
    return new LicenseExpressionParser(text).parse();
  }

  /** Parses {@code text} as an expression, or keeps it as a {@link Name} leaf when it is not one. */
  static LicenseExpression parseOrName(String text) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      return new Name(text.trim());
    }
  }

  /** Whether some choice of licenses satisfying this expression uses none of {@code denied} (ids, any case). */
  default boolean satisfiableAvoiding(Set<String> denied) {
    Set<String> keys = keys(denied);
    return satisfiable(leaf -> {
      if (leaf instanceof License l) {
        return !keys.contains(key(l.id())) && !keys.contains(key(l.toString()));
      }
      Name n = (Name) leaf;
      return !keys.contains(key(n.text())) && n.words().stream().noneMatch(w -> keys.contains(key(w)));
    });
  }

  /** Whether some choice of licenses satisfying this expression uses only {@code allowed} (ids, any case). */
  default boolean satisfiableWithin(Set<String> allowed) {
    Set<String> keys = keys(allowed);
    return satisfiable(leaf -> {
      // an exception only adds permissions, so an allowed base license stays allowed with one
      if (leaf instanceof License l) {
        return keys.contains(key(l.id())) || keys.contains(key(l.toString()));
      }
      return keys.contains(key(((Name) leaf).text()));
    });
  }

  /** Evaluates the expression with {@code ok} deciding each leaf: OR needs one operand, AND all. */
  default boolean satisfiable(Predicate<LicenseExpression> ok) {
    if (this instanceof And a) {
      return a.operands().stream().allMatch(o -> o.satisfiable(ok));
    }
    if (this instanceof Or o) {
      return o.operands().stream().anyMatch(x -> x.satisfiable(ok));
    }
    return ok.test(this);
  }

  /** The normalised form of an id for comparisons: deprecated GNU ids mapped, then lower-cased. */
  static String key(String id) {
    String s = id.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> d : LicenseExpressionParser.DEPRECATED.entrySet()) {
      if (lower.equals(d.getKey())) {
        return d.getValue();
      }
      if (lower.equals(d.getKey() + "+")) {
        return d.getValue().replace("-only", "-or-later");
      }
    }
    return lower;
  }

  private static Set<String> keys(Set<String> ids) {
    Set<String> out = new java.util.HashSet<>();
    for (String id : ids) {
      out.add(key(id));
    }
    return out;
  }

  private static String join(List<LicenseExpression> ops, String sep) {
    List<String> parts = new ArrayList<>();
    for (LicenseExpression e : ops) {
      parts.add(e instanceof License || e instanceof Name ? e.toString() : "(" + e + ")");
    }
    return String.join(sep, parts);
  }
}
