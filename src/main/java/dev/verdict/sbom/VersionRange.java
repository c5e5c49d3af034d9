package dev.verdict.sbom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A version range in vers notation (https://github.com/package-url/vers-spec): constraints joined by {@code |},
 * each {@code [comparator]version} with comparator {@code = != < <= > >=} ({@code =} when omitted), or {@code *};
 * containment follows the spec's algorithm under the ecosystem's own ordering.
 */
final class VersionRange {
  /** One constraint. */
  record Constraint(String op, String version) {}

  private final String text;
  private final List<Constraint> constraints;
  private final Comparator<String> order;

  private VersionRange(String text, List<Constraint> constraints, Comparator<String> order) {
    this.text = text;
    this.constraints = constraints;
    this.order = order;
  }

  /** Parses {@code >=2.0.0|<2.17.1}, {@code <2.17.1}, {@code 1.2.3}, {@code *} or {@code vers:maven/...}. */
  public static VersionRange parse(String text, String purlType) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("version range is empty");
    }
    String body = text.trim();
    if (body.startsWith("vers:")) {
      int slash = body.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("version range '" + text + "' has no '/' after the vers scheme");
      }
      purlType = body.substring(5, slash);
      body = body.substring(slash + 1);
    }
    List<Constraint> cs = new ArrayList<>();
    for (String part : body.split("\\|", -1)) {
      String p = part.trim();
      String op = p.startsWith(">=") || p.startsWith("<=") || p.startsWith("!=") ? p.substring(0, 2)
          : p.startsWith(">") || p.startsWith("<") || p.startsWith("=") ? p.substring(0, 1) : "=";
      String v = p.substring(p.startsWith(op) ? op.length() : 0).trim();
      if (v.equals("*") && op.equals("=") && body.trim().equals("*")) {
        cs.add(new Constraint("*", "*"));
        continue;
      }
      if (v.isEmpty() || v.matches(".*[<>=!|*\\s].*")) {
        throw new IllegalArgumentException("version range '" + text + "': constraint '" + p + "' has no valid version");
      }
      cs.add(new Constraint(op, v));
    }
    Comparator<String> order = VersionComparators.forType(purlType);
    cs.sort((a, b) -> order.compare(a.version().equals("*") ? "0" : a.version(), b.version().equals("*") ? "0"
        : b.version()));
    check(text, cs, order);
    return new VersionRange(text.trim(), List.copyOf(cs), order);
  }

  /**
   * The vers spec's validity rules, without which the containment algorithm answers wrongly (it reads
   * {@code >=1.0|>=2.0} as containing neither 1.5 nor 3.0's neighbours it should): every version once, and, ignoring
   * {@code =} and {@code !=}, lower and upper bounds alternating once sorted.
   */
  private static void check(String text, List<Constraint> cs, Comparator<String> order) {
    for (int i = 0; i + 1 < cs.size(); i++) {
      if (order.compare(cs.get(i).version(), cs.get(i + 1).version()) == 0) {
        throw new IllegalArgumentException("version range '" + text + "': version " + cs.get(i + 1).version()
            + " appears twice");
      }
    }
    Constraint previous = null;
    for (Constraint c : cs) {
      if (!c.op().startsWith("<") && !c.op().startsWith(">")) {
        continue;
      }
      if (previous != null && previous.op().charAt(0) == c.op().charAt(0)) {
        throw new IllegalArgumentException("version range '" + text + "': bounds " + previous.op()
            + previous.version() + " and " + c.op() + c.version() + " do not alternate (vers needs lower and upper "
            + "bounds in turn, e.g. >=1.0|<2.0|>=3.0)");
      }
      previous = c;
    }
  }

  /** Whether {@code version} lies in this range (vers spec, "checking if a version is contained within a range"). */
  public boolean contains(String version) {
    if (constraints.get(0).op().equals("*")) {
      return true;
    }
    for (Constraint c : constraints) {
      int cmp = order.compare(version, c.version());
      if (cmp == 0 && (c.op().equals("=") || c.op().equals("<=") || c.op().equals(">="))) {
        return true;
      }
      if (cmp == 0 && c.op().equals("!=")) {
        return false;
      }
    }
    List<Constraint> ranges = constraints.stream().filter(c -> c.op().startsWith("<") || c.op().startsWith(">"))
        .toList();
    if (ranges.isEmpty()) {
      return constraints.stream().allMatch(c -> c.op().equals("!="));
    }
    Constraint first = ranges.get(0);
    if (first.op().startsWith("<") && order.compare(version, first.version()) < 0) {
      return true;
    }
    Constraint last = ranges.get(ranges.size() - 1);
    if (last.op().startsWith(">") && order.compare(version, last.version()) > 0) {
      return true;
    }
    for (int i = 0; i + 1 < ranges.size(); i++) {
      Constraint cur = ranges.get(i);
      Constraint next = ranges.get(i + 1);
      if (cur.op().startsWith(">") && next.op().startsWith("<") && order.compare(version, cur.version()) > 0
          && order.compare(version, next.version()) < 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }
}
