package dev.verdict.sbom;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.oci.Digest;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SBOM and vulnerability rules applied to one local SBOM file, as a result of the common report model: a failed
 * check {@code sbom.<rule>} per violation, its subject the component, or one passing {@code sbom} check. What
 * {@code sbom check} and the {@code sbom:} cases of {@code policy test} share, so both judge a file the same way.
 *
 * <p>VEX documents are read once, when the check is made, not once per SBOM.
 */
public final class SbomFileCheck {
  /** The rules a check applies: {@code sbom} blocks and {@code vulnerabilities} blocks, in order. */
  public record Rules(List<SbomRule> sbom, List<VulnerabilityRule> vulnerabilities) {
    public Rules {
      sbom = List.copyOf(sbom);
      vulnerabilities = List.copyOf(vulnerabilities);
    }

    public boolean isEmpty() {
      return sbom.isEmpty() && vulnerabilities.isEmpty();
    }
  }

  /** The cap on an SBOM read from disk: the registry client's blob cap, so a local file gets no more room. */
  public static final long MAX_SBOM_BYTES = 64L << 20;

  private final Rules rules;
  /** Per vulnerability rule, in order: the shared VEX documents, then the rule's own. */
  private final List<List<Vex>> vexByRule;
  private final Instant at;

  private SbomFileCheck(Rules rules, List<List<Vex>> vexByRule, Instant at) {
    this.rules = rules;
    this.vexByRule = vexByRule;
    this.at = at;
  }

  /**
   * @param vex OpenVEX or CycloneDX VEX files applied to every vulnerability rule, besides the rule's own
   * @param at the time maximum ages are judged at
   */
  public static SbomFileCheck of(Rules rules, List<Path> vex, Instant at) throws ConfigException {
    List<Vex> shared = new ArrayList<>();
    for (Path p : vex) {
      shared.add(Vex.read(p));
    }
    List<List<Vex>> byRule = new ArrayList<>();
    for (VulnerabilityRule r : rules.vulnerabilities()) {
      List<Vex> documents = new ArrayList<>(shared);
      for (Path p : r.vex()) {
        documents.add(Vex.read(p));
      }
      byRule.add(List.copyOf(documents));
    }
    return new SbomFileCheck(rules, List.copyOf(byRule), at);
  }

  /** Reads and judges {@code file}; {@code policies} names where the rules came from, for the report. */
  public ImageResult check(Path file, List<String> policies) throws ConfigException {
    byte[] bytes;
    try {
      bytes = InputFiles.read(file, MAX_SBOM_BYTES);
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read SBOM: " + InputFiles.reason(e), e);
    }
    List<VulnerabilityEvaluator.Suppression> suppressed = new ArrayList<>();
    java.util.Set<String> notApplied = new java.util.LinkedHashSet<>();
    List<Violation> found = violations(file, bytes, suppressed, notApplied);
    List<Check> checks = new ArrayList<>();
    for (Violation v : found) {
      checks.add(Check.of("sbom." + v.rule(), v.component(), Status.FAIL, v.message(), v.expected(), v.found()));
    }
    for (VulnerabilityEvaluator.Suppression s : suppressed) {
      Vex.Statement st = s.by().statement();
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("vex", s.by().document().source());
      evidence.put("statement", st.at());
      evidence.put("status", st.status().label());
      evidence.put("justification", st.justification() == null ? "none" : st.justification());
      evidence.put("time", st.time() == null ? "none" : st.time().toString());
      checks.add(new Check("sbom.vex", s.finding().component(), Status.PASS, s.describe(),
          "a finding the rule counts", s.finding().id(), evidence));
    }
    for (String why : notApplied) {
      checks.add(Check.of("sbom.vex", null, Status.SKIP, why, "a statement whose product is this SBOM's subject",
          "another product"));
    }
    if (found.isEmpty()) {
      checks.add(Check.of("sbom", null, Status.PASS, "every rule passes", "no violations", "none"));
    }
    return new ImageResult(file.toString(), Digest.sha256(bytes).toString(), null, null, policies, policies,
        found.isEmpty() ? Decision.ALLOW : Decision.DENY, checks, List.of(Origin.COMMAND_LINE));
  }

  private List<Violation> violations(Path file, byte[] bytes, List<VulnerabilityEvaluator.Suppression> suppressed,
      java.util.Set<String> notApplied) throws ConfigException {
    SbomDocument doc = SbomParser.parse(bytes, file.toString());
    List<Violation> found = new ArrayList<>();
    for (SbomRule r : rules.sbom()) {
      try {
        found.addAll(SbomEvaluator.evaluate(doc, r, at, null));
      } catch (IllegalArgumentException e) {
        throw new ConfigException((String) null, 0, 0, "sbom rule", e.getMessage(), e);
      }
    }
    if (rules.vulnerabilities().isEmpty()) {
      return found;
    }
    VulnerabilityReport report = VulnerabilityReport.read(bytes, file.toString());
    // the BOM's own analysis entries are VEX statements too, about this BOM; other VEX must name it (VexSubject)
    Vex own = doc.format().equals("CycloneDX") ? Vex.attached(bytes, file.toString()) : null;
    VexSubject subject = VexSubject.of(bytes, file.toString());
    for (int i = 0; i < rules.vulnerabilities().size(); i++) {
      List<Vex> documents = new ArrayList<>();
      if (own != null) {
        documents.add(own);
      }
      documents.addAll(vexByRule.get(i));
      try {
        VulnerabilityEvaluator.Result result = VulnerabilityEvaluator.check(report, rules.vulnerabilities().get(i),
            documents, subject, at);
        found.addAll(result.violations());
        suppressed.addAll(result.suppressions());
        notApplied.addAll(result.notApplied());
      } catch (IllegalArgumentException e) {
        throw new ConfigException((String) null, 0, 0, "vulnerabilities rule", e.getMessage(), e);
      }
    }
    return found;
  }
}
