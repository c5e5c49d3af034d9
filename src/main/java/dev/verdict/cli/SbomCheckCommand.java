package dev.verdict.cli;

import dev.verdict.ConfigException;
import dev.verdict.UsageException;
import dev.verdict.oci.Digest;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.report.ExitCode;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Report;
import dev.verdict.result.Status;
import dev.verdict.sbom.SbomDocument;
import dev.verdict.sbom.SbomEvaluator;
import dev.verdict.sbom.SbomFileCheck;
import dev.verdict.sbom.SbomFileCheck.Rules;
import dev.verdict.sbom.SbomParser;
import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.Vex;
import dev.verdict.sbom.Violation;
import dev.verdict.sbom.VulnerabilityEvaluator;
import dev.verdict.sbom.VulnerabilityReport;
import dev.verdict.sbom.VulnerabilityRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verdict sbom check SBOM... [--policy P] [--deny-license X] [--deny-package PURL] ...}: rules on local SBOMs. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Checks local SBOM files (CycloneDX 1.2-1.7 JSON, SPDX 2.2/2.3 JSON or tag-value, SPDX 3.0 "
        + "JSON-LD) against SBOM rules from policies or from the flags below.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every SBOM passes every rule", "1:at least one rule is violated",
        "2:usage error: bad flags or arguments", "3:malformed SBOM, VEX document, policy or rule"})
public final class SbomCheckCommand implements Callable<Integer> {
  /** Where {@code --policy} rules come from (the policy loader, wired by the caller). */
  @FunctionalInterface
  public interface RuleSource {
    Rules load(List<Path> policies) throws ConfigException, UsageException;
  }

  /** Every {@code sbom} and {@code vulnerabilities} block of the given policies: SbomPolicy and ImagePolicy. */
  static final RuleSource POLICIES = paths -> {
    Rules rules = dev.verdict.policy.SbomRules.of(dev.verdict.policy.PolicyLoader.loadAll(paths));
    if (rules.isEmpty()) {
      throw new UsageException("the policies in " + paths + " have no sbom or vulnerabilities rules");
    }
    return rules;
  };

  private final RuleSource ruleSource;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SBOM", description = "SBOM files to check")
  List<Path> sboms;

  @Option(names = "--policy", paramLabel = "FILE|DIR", description = "Policies whose rules apply: every SbomPolicy's "
      + "sbom and vulnerabilities blocks, and those of every ImagePolicy attestation rule (no signature is checked).")
  List<Path> policies = new ArrayList<>();

  @Option(names = "--deny-license", paramLabel = "SPDX-ID", split = ",",
      description = "Licenses no component may be bound to, e.g. --deny-license GPL-3.0-only,AGPL-3.0-only "
          + "(comma-separated or repeated).")
  List<String> deniedLicenses = new ArrayList<>();

  @Option(names = "--allow-license", paramLabel = "SPDX-ID", split = ",",
      description = "Only these licenses are allowed (comma-separated or repeated).")
  List<String> allowedLicenses = new ArrayList<>();

  @Option(names = "--deny-package", paramLabel = "PURL", description = "purl with optional range: pkg:npm/x@<1.2.3")
  List<String> deniedPackages = new ArrayList<>();

  @Option(names = "--require", paramLabel = "FIELD", split = ",",
      description = "NTIA elements: supplier, name, version, uniqueId, relationships, author, timestamp")
  List<String> requiredFields = new ArrayList<>();

  @Option(names = "--max-age", paramLabel = "DURATION", description = "maximum SBOM age: 30d, 12h, or ISO-8601 P30D")
  String maxAge;

  @Option(names = "--max-severity", paramLabel = "LEVEL",
      description = "highest vulnerability severity allowed in a CycloneDX SBOM: none, low, medium, high, critical")
  String maxSeverity;

  @Option(names = "--deny-vulnerability", paramLabel = "ID", description = "vulnerability id (CVE, GHSA) to deny")
  List<String> deniedIds = new ArrayList<>();

  @Option(names = "--vex", paramLabel = "FILE",
      description = "OpenVEX or CycloneDX VEX document whose not_affected and fixed statements suppress the "
          + "matching vulnerabilities (repeatable).")
  List<Path> vex = new ArrayList<>();

  @Mixin
  OutputOptions output = new OutputOptions();

  @Option(names = "--now", hidden = true, description = "evaluation time (RFC 3339), for reproducible tests")
  String now;

  public SbomCheckCommand() {
    this(POLICIES);
  }

  public SbomCheckCommand(RuleSource ruleSource) {
    this.ruleSource = ruleSource;
  }

  @Override
  public Integer call() throws Exception {
    Instant at = now == null ? Instant.now() : instant(now);
    List<SbomRule> sbomRules = new ArrayList<>();
    List<VulnerabilityRule> vulnRules = new ArrayList<>();
    if (!policies.isEmpty()) {
      Rules r = ruleSource.load(policies);
      sbomRules.addAll(r.sbom());
      vulnRules.addAll(r.vulnerabilities());
    }
    Duration age = maxAge == null ? null : duration(maxAge);
    if (!deniedLicenses.isEmpty() || !allowedLicenses.isEmpty() || !deniedPackages.isEmpty()
        || !requiredFields.isEmpty() || age != null) {
      try {
        sbomRules.add(new SbomRule(deniedLicenses, allowedLicenses, deniedPackages, requiredFields, age));
      } catch (IllegalArgumentException e) {
        throw new ConfigException((String) null, 0, 0, "sbom rule", e.getMessage(), e);
      }
    }
    if (maxSeverity != null || !deniedIds.isEmpty()) {
      vulnRules.add(new VulnerabilityRule(maxSeverity, deniedIds, null, List.of()));
    }
    if (sbomRules.isEmpty() && vulnRules.isEmpty()) {
      throw new UsageException("no rules: give --policy or at least one of --deny-license, --allow-license, "
          + "--deny-package, --require, --max-age, --max-severity, --deny-vulnerability");
    }
    output.targets();
    SbomFileCheck checker = SbomFileCheck.of(new Rules(sbomRules, vulnRules), vex, at);
    List<String> names = policies.stream().map(Path::toString).toList();
    List<ImageResult> results = new ArrayList<>();
    for (Path file : sboms) {
      results.add(checker.check(file, names));
    }
    Report report = Report.ofSboms(Version.get(), results);
    PrintWriter out = spec.commandLine().getOut();
    int code = ExitCode.of(report, false);
    try {
      output.write(report, out, SbomCheckCommand::text, code);
    } finally {
      out.flush();
    }
    return code;
  }

  /** The compact text view: {@code PASS|FAIL file}, then one line per violation ({@code rule component: message}). */
  static void text(Report report, java.io.Writer w) throws IOException {
    for (ImageResult r : report.results()) {
      w.write((r.decision() == Decision.ALLOW ? "PASS " : "FAIL ") + r.reference() + "\n");
      for (Check c : r.checks()) {
        if (c.status() == Status.FAIL) {
          w.write("  " + c.id().substring("sbom.".length()) + (c.subject() == null ? "" : " " + c.subject())
              + ": " + c.message() + "\n");
        } else if (c.id().equals("sbom.vex")) {
          w.write("  vex: " + c.message() + "\n");
        }
      }
    }
    w.flush();
  }

  /** {@code 30d}, {@code 12h}, {@code 90m} or ISO-8601 ({@code P30D}, {@code PT12H}). */
  static Duration duration(String text) throws UsageException {
    try {
      if (text.matches("\\d+[dhm]")) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
      }
      return Duration.parse(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new UsageException("--max-age: '" + text + "' is not a duration (30d, 12h, 90m, P30D)");
    }
  }

  private static Instant instant(String text) throws UsageException {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new UsageException("--now: '" + text + "' is not an RFC 3339 time");
    }
  }
}
