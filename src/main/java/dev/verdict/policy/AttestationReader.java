package dev.verdict.policy;

import dev.verdict.attestation.CelConditions;
import dev.verdict.attestation.CompiledCondition;
import dev.verdict.attestation.ConditionSyntaxException;
import dev.verdict.attestation.SlsaRule;
import dev.verdict.sbom.PackageRule;
import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.Vex;
import dev.verdict.sbom.VulnerabilityRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code spec.attestations}: predicate type, authorities, CEL conditions (as text) and built-in rules. */
final class AttestationReader {
  static final List<String> NTIA_FIELDS =
      List.of("supplier", "name", "version", "uniqueId", "relationships", "author", "timestamp");
  static final Map<String, String> SEVERITIES = new LinkedHashMap<>();

  static {
    for (String s : List.of("none", "low", "medium", "high", "critical")) {
      SEVERITIES.put(s, s);
    }
  }

  private AttestationReader() {}

  static List<AttestationRule> read(YamlMap spec, Map<String, Node> declared, Set<String> used) {
    List<AttestationRule> out = new ArrayList<>();
    List<Node> items = spec.list("attestations", false);
    Map<String, Node> names = new HashMap<>();
    for (int i = 0; items != null && i < items.size(); i++) {
      YamlMap a = YamlMap.of(spec.src, items.get(i), spec.field("attestations") + "[" + i + "]");
      if (a == null) {
        continue;
      }
      int before = a.src.errorCount();
      a.allow("name", "predicateType", "from", "conditions", "slsa", "sbom", "vulnerabilities");
      String name = a.require("name", "name the rule, for reports") ? a.string("name") : null;
      if (name != null && names.putIfAbsent(name, a.get("name")) != null) {
        a.src.error(a.get("name"), a.field("name"), "duplicate attestation name '" + name + "' (first at line "
            + Source.line(names.get(name)) + ")");
      }
      String type = a.require("predicateType", "e.g. https://slsa.dev/provenance/v1") ? a.string("predicateType")
          : null;
      if (type != null && !type.contains(":")) {
        a.src.error(a.get("predicateType"), a.field("predicateType"), "'" + type + "' is not a URI (predicate "
            + "types are URIs such as https://slsa.dev/provenance/v1)");
      }
      List<String> from = a.require("from", "name the authorities that may sign it") ? PolicyReader.from(a, declared,
          used) : null;
      List<Condition> conditions = conditions(a);
      SlsaRule slsa = slsa(a, type);
      SbomRule sbom = sbom(a, type);
      VulnerabilityRule vulns = vulnerabilities(a);
      // A rule whose checks were all left out (or emptied) still allows every signed attestation of its type: say
      // so, as for an empty slsa rule, so that deleting a block is never a silent widening.
      warnIfEmpty(a, sbom, vulns);
      if (conditions.isEmpty() && slsa == null && sbom == null && vulns == null
          && !a.has("slsa") && !a.has("sbom") && !a.has("vulnerabilities")) {
        a.src.warn(a.node, a.path, "checks only that a signed attestation of this type exists (add conditions, "
            + "slsa, sbom or vulnerabilities to constrain its content)");
      }
      if (a.src.errorCount() == before) {
        out.add(new AttestationRule(name, type, from, conditions, slsa, sbom, vulns, a.src.location(a.node)));
      }
    }
    return out;
  }

  /** Warns about an {@code sbom} or {@code vulnerabilities} block of {@code a} that constrains nothing. */
  static void warnIfEmpty(YamlMap a, SbomRule sbom, VulnerabilityRule vulns) {
    if (sbom != null && constrainsNothing(sbom)) {
      a.src.warn(a.get("sbom"), a.field("sbom"), "constrains nothing (set deniedLicenses, allowedLicenses, "
          + "deniedPackages, requiredFields or maxAge)");
    }
    if (vulns != null && constrainsNothing(vulns)) {
      a.src.warn(a.get("vulnerabilities"), a.field("vulnerabilities"), "constrains nothing (set maxSeverity, "
          + "deniedIds or maxAge)");
    }
  }

  static boolean constrainsNothing(SbomRule r) {
    return r.deniedLicenses().isEmpty() && r.allowedLicenses().isEmpty() && r.deniedPackages().isEmpty()
        && r.requiredFields().isEmpty() && r.maxAge() == null;
  }

  static boolean constrainsNothing(VulnerabilityRule r) {
    return r.maxSeverity() == null && r.deniedIds().isEmpty() && r.maxAge() == null;
  }

  private static List<Condition> conditions(YamlMap a) {
    List<Condition> out = new ArrayList<>();
    List<Node> items = a.list("conditions", true);
    for (int j = 0; items != null && j < items.size(); j++) {
      YamlMap c = YamlMap.of(a.src, items.get(j), a.field("conditions") + "[" + j + "]");
      if (c == null) {
        continue;
      }
      c.allow("expr", "message");
      String expr = c.require("expr", "a CEL expression over predicate, statement, image and signer")
          ? c.string("expr") : null;
      String message = c.require("message", "what a failure means, shown in the report") ? c.string("message")
          : null;
      CompiledCondition compiled = expr == null ? null : compile(c, expr);
      if (compiled != null && message != null) {
        out.add(new Condition(expr, message, a.src.location(c.node), compiled));
      }
    }
    return out;
  }

  /** Compiles at load time so that a broken expression is a policy error (exit 3) at its own line and column. */
  private static CompiledCondition compile(YamlMap c, String expr) {
    try {
      return CelConditions.compile(expr);
    } catch (ConditionSyntaxException e) {
      c.src.error(c.get("expr"), c.field("expr"), e.getMessage());
      return null;
    } catch (IllegalArgumentException e) {
      c.src.error(c.get("expr"), c.field("expr"), "condition does not compile: " + e.getMessage());
      return null;
    }
  }

  private static SlsaRule slsa(YamlMap a, String type) {
    YamlMap s = a.map("slsa");
    if (s == null) {
      return null;
    }
    s.allow("builderId", "builderIdRegExp", "sourceRepository", "sourceRepositoryRegExp", "sourceRef",
        "sourceRefRegExp", "buildType", "buildTypeRegExp");
    SlsaRule rule = new SlsaRule(AuthorityReader.match(s, "builderId", false),
        AuthorityReader.match(s, "sourceRepository", false), AuthorityReader.match(s, "sourceRef", false),
        AuthorityReader.match(s, "buildType", false));
    if (rule.builderId() == null && rule.sourceRepository() == null && rule.sourceRef() == null
        && rule.buildType() == null) {
      a.src.warn(s.node, s.path, "constrains nothing (set builderId, sourceRepository, sourceRef or buildType)");
    }
    if (type != null && !type.startsWith("https://slsa.dev/provenance/")) {
      a.src.warn(s.node, s.path, "applies to SLSA provenance, but predicateType is " + type);
    }
    return rule;
  }

  /** {@code a.sbom} (an attestation rule's, or a SbomPolicy's spec's); {@code type} null when there is none. */
  static SbomRule sbom(YamlMap a, String type) {
    YamlMap s = a.map("sbom");
    if (s == null) {
      return null;
    }
    s.allow("deniedLicenses", "allowedLicenses", "deniedPackages", "requiredFields", "maxAge");
    List<String> packages = orEmpty(s.strings("deniedPackages", true, (at, field, p) -> {
      if (!p.startsWith("pkg:")) {
        s.src.error(at, field, "'" + p + "' is not a package URL (write pkg:TYPE/NAMESPACE/NAME, optionally "
            + "@VERSION or @<RANGE)");
        return false;
      }
      return valid(s, at, field, () -> PackageRule.parse(p));
    }));
    List<String> fields = orEmpty(s.strings("requiredFields", true, (at, field, f) -> {
      if (!NTIA_FIELDS.contains(f)) {
        s.src.error(at, field, "unknown field '" + f + "' " + Suggest.hint(f, NTIA_FIELDS));
      }
      return true;
    }));
    YamlMap.ItemCheck license = (at, field, l) -> valid(s, at, field, () -> SbomRule.checkLicense(l));
    SbomRule rule = new SbomRule(orEmpty(s.strings("deniedLicenses", true, license)),
        orEmpty(s.strings("allowedLicenses", true, license)), packages, fields, s.duration("maxAge"));
    if (type != null && !type.contains("cyclonedx") && !type.contains("spdx")) {
      a.src.warn(s.node, s.path, "applies to CycloneDX and SPDX SBOMs, but predicateType is " + type);
    }
    return rule;
  }

  /** {@code a.vulnerabilities} (an attestation rule's, or a SbomPolicy's spec's). */
  static VulnerabilityRule vulnerabilities(YamlMap a) {
    YamlMap v = a.map("vulnerabilities");
    if (v == null) {
      return null;
    }
    v.allow("maxSeverity", "deniedIds", "maxAge", "vex");
    List<Path> vex = new ArrayList<>();
    v.strings("vex", true, (at, field, written) -> {
      Path p = YamlMap.file(v.src, at, field, written);
      p = p == null ? null : YamlMap.checked(v.src, at, field, written, p, Vex::read);
      if (p != null) {
        vex.add(p);
      }
      return p != null;
    });
    return new VulnerabilityRule(v.choice("maxSeverity", SEVERITIES), orEmpty(v.strings("deniedIds", true)),
        v.duration("maxAge"), vex);
  }

  /** Runs {@code check}; its IllegalArgumentException is an error at the item. */
  private static boolean valid(YamlMap m, Node at, String field, Runnable check) {
    try {
      check.run();
      return true;
    } catch (IllegalArgumentException e) {
      m.src.error(at, field, e.getMessage());
      return false;
    }
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
