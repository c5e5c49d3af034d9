package dev.verdict.cli;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.oci.Digest;
import dev.verdict.report.Check;
import dev.verdict.report.Decision;
import dev.verdict.report.ImageResult;
import dev.verdict.report.Origin;
import dev.verdict.report.Status;
import dev.verdict.sbom.SbomDocument;
import dev.verdict.sbom.SbomEvaluator;
import dev.verdict.sbom.SbomParser;
import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.Vex;
import dev.verdict.sbom.Violation;
import dev.verdict.sbom.VulnerabilityEvaluator;
import dev.verdict.sbom.VulnerabilityReport;
import dev.verdict.sbom.VulnerabilityRule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SBOM and vulnerability rules applied to one local SBOM file, as a result of the common report model: a failed
 * check {@code sbom.<rule>} per violation, its subject the component, or one passing {@code sbom} check. What
 * {@code sbom check} and the {@code sbom:} cases of {@code policy test} share, so both judge a file the same way.
 *
 * @param vex OpenVEX or CycloneDX VEX files applied to every vulnerability rule, besides the rule's own
 * @param at the time maximum ages are judged at
 */
record SbomFileCheck(SbomCheckCommand.Rules rules, List<Path> vex, Instant at) {
  /** The cap on an SBOM read from disk: the registry client's blob cap, so a local file gets no more room. */
  static final long MAX_SBOM_BYTES = 64L << 20;

  SbomFileCheck {
    vex = List.copyOf(vex);
  }

  /** Reads and judges {@code file}; {@code policies} names where the rules came from, for the report. */
  ImageResult check(Path file, List<String> policies) throws ConfigException {
    byte[] bytes;
    try {
      bytes = InputFiles.read(file, MAX_SBOM_BYTES);
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read SBOM: " + InputFiles.reason(e), e);
    }
    List<Violation> found = violations(file, bytes);
    List<Check> checks = new ArrayList<>();
    for (Violation v : found) {
      checks.add(Check.of("sbom." + v.rule(), v.component(), Status.FAIL, v.message(), v.expected(), v.found()));
    }
    if (found.isEmpty()) {
      checks.add(Check.of("sbom", null, Status.PASS, "every rule passes", "no violations", "none"));
    }
    return new ImageResult(file.toString(), Digest.sha256(bytes).toString(), null, null, policies, policies,
        found.isEmpty() ? Decision.ALLOW : Decision.DENY, checks, List.of(Origin.COMMAND_LINE));
  }

  private List<Violation> violations(Path file, byte[] bytes) throws ConfigException {
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
    for (VulnerabilityRule r : rules.vulnerabilities()) {
      List<Vex> documents = new ArrayList<>();
      if (doc.format().equals("CycloneDX")) {
        documents.add(Vex.parse(bytes, file.toString())); // the BOM's own analysis entries are VEX statements too
      }
      for (Path p : vex) {
        documents.add(Vex.read(p));
      }
      for (Path p : r.vex()) {
        documents.add(Vex.read(p));
      }
      try {
        found.addAll(VulnerabilityEvaluator.evaluate(report, r, documents, at));
      } catch (IllegalArgumentException e) {
        throw new ConfigException((String) null, 0, 0, "vulnerabilities rule", e.getMessage(), e);
      }
    }
    return found;
  }
}
