package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.engine.SbomCheck;
import dev.verdict.report.SbomTextRenderer;
import dev.verdict.report.ExitCode;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Report;
import java.io.PrintWriter;
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
  private final SbomCheck.RuleSource ruleSource;

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
    this(SbomCheck.POLICIES);
  }

  public SbomCheckCommand(SbomCheck.RuleSource ruleSource) {
    this.ruleSource = ruleSource;
  }

  @Override
  public Integer call() throws Exception {
    Instant at = now == null ? Instant.now() : instant(now);
    Duration age = maxAge == null ? null : duration(maxAge);
    SbomCheck check = SbomCheck.of(ruleSource, policies, new SbomCheck.Flags(deniedLicenses, allowedLicenses,
        deniedPackages, requiredFields, age, maxSeverity, deniedIds));
    output.targets();
    List<ImageResult> results = check.check(sboms, vex, at);
    Report report = Report.ofSboms(Version.get(), results);
    PrintWriter out = spec.commandLine().getOut();
    int code = ExitCode.of(report, false);
    try {
      output.write(report, out, new SbomTextRenderer(), code);
    } finally {
      out.flush();
    }
    return code;
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
