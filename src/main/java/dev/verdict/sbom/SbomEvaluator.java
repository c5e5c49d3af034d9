package dev.verdict.sbom;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Evaluates an {@link SbomRule} over an {@link SbomDocument}; every violation names the component and the rule. */
public final class SbomEvaluator {
  /** The NTIA minimum elements {@code requiredFields} may name. */
  /**
   * How far in the future a creation or scan time may lie (clocks differ). Beyond it the age is unknown, not
   * negative: a time in year 9999 would otherwise satisfy every maxAge forever.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  public static final Set<String> FIELDS = Set.of("supplier", "name", "version", "uniqueId", "relationships",
      "author", "timestamp");

  private SbomEvaluator() {}

  /**
   * Checks the rule; an invalid rule (bad purl, range or license expression, unknown field) is an
   * IllegalArgumentException, never a pass. {@code signedAt} (the attestation's proven signing time), when given,
   * is what {@code maxAge} measures from when the SBOM states no creation time.
   */
  public static List<Violation> evaluate(SbomDocument sbom, SbomRule rule, Instant now, Instant signedAt) {
    List<PackageRule> packages = rule.deniedPackages().stream().map(PackageRule::parse).toList();
    for (String f : rule.requiredFields()) {
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException("requiredFields: unknown field '" + f + "' (known: " + FIELDS + ")");
      }
    }
    Set<String> denied = new LinkedHashSet<>(rule.deniedLicenses());
    Set<String> allowed = new LinkedHashSet<>(rule.allowedLicenses());
    denied.forEach(SbomEvaluator::checkLicenseId);
    allowed.forEach(SbomEvaluator::checkLicenseId);
    List<Violation> out = new ArrayList<>();
    for (Component c : sbom.components()) {
      if (!denied.isEmpty() && !c.license().satisfiableAvoiding(denied)) {
        out.add(new Violation("deniedLicenses", c.label(), "license " + c.license() + " cannot avoid "
            + String.join(", ", denied), "none of " + denied, c.license().toString()));
      }
      if (!allowed.isEmpty() && !c.license().satisfiableWithin(allowed)) {
        out.add(new Violation("allowedLicenses", c.label(), "license " + c.license() + " is not within "
            + String.join(", ", allowed), "only " + allowed, c.license().toString()));
      }
      deniedPackages(c, packages, out);
    }
    RequiredFields.check(sbom, rule.requiredFields(), out);
    maxAge(sbom, rule.maxAge(), now, signedAt, out);
    return out;
  }

  private static void deniedPackages(Component c, List<PackageRule> rules, List<Violation> out) {
    if (rules.isEmpty()) {
      return; // no purl at all: no package identity to compare; requiredFields uniqueId is the rule that asks for one
    }
    for (String text : c.purls()) {
      Purl purl;
      try {
        purl = Purl.parse(text);
      } catch (IllegalArgumentException e) {
        // a purl that does not parse cannot be shown to be outside any rule: deny, naming the component
        out.add(new Violation("deniedPackages", c.label(), "purl " + (text.equals(c.label()) ? "" : "'" + text
            + "' ") + "does not parse (" + e.getMessage() + "), so it cannot be shown not to match " + rules,
            "a valid purl", text));
        continue;
      }
      for (PackageRule r : rules) {
        if (r.matches(purl)) {
          out.add(new Violation("deniedPackages", c.label(), "package " + (text.equals(c.label()) ? "" : text + " ")
              + "matches denied " + r.text() + (purl.version() == null ? " (component has no version)" : ""),
              "not " + r.text(), text));
        }
      }
    }
  }

  private static void maxAge(SbomDocument sbom, Duration maxAge, Instant now, Instant signedAt,
      List<Violation> out) {
    if (maxAge == null) {
      return;
    }
    Instant from = sbom.created() != null ? sbom.created() : signedAt;
    if (from == null) {
      out.add(new Violation("maxAge", null, "SBOM states no creation time and no signing time is known",
          "younger than " + maxAge, "unknown"));
      return;
    }
    if (from.isAfter(now.plus(CLOCK_SKEW))) {
      out.add(new Violation("maxAge", null, "SBOM created " + from + " is in the future, so its age cannot be "
          + "judged", "at most " + maxAge + " old", from.toString()));
      return;
    }
    Duration age = Duration.between(from, now);
    if (age.compareTo(maxAge) > 0) {
      out.add(new Violation("maxAge", null, "SBOM created " + from + " is " + age.toDays() + " days old",
          "at most " + maxAge, age.toString()));
    }
  }

  private static void checkLicenseId(String id) {
    if (id == null || id.isBlank() || id.trim().contains(" ") && !id.matches("(?i)\\S+ WITH \\S+")) {
      throw new IllegalArgumentException("license list entry '" + id + "' is not a license id");
    }
  }
}
