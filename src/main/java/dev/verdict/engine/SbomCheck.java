package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.UsageException;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.SbomRules;
import dev.verdict.result.ImageResult;
import dev.verdict.sbom.SbomFileCheck;
import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.VulnerabilityRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of {@code sbom check}: SBOM and vulnerability rules, from policies and from flags, applied to
 * local SBOM files ({@link SbomFileCheck}). No signature is checked.
 */
public final class SbomCheck {
  /** Where {@code --policy} rules come from (the policy loader, or a test's own). */
  @FunctionalInterface
  public interface RuleSource {
    SbomFileCheck.Rules load(List<Path> policies) throws ConfigException, UsageException;
  }

  /** Every {@code sbom} and {@code vulnerabilities} block of the given policies: SbomPolicy and ImagePolicy. */
  public static final RuleSource POLICIES = paths -> {
    SbomFileCheck.Rules rules = SbomRules.of(PolicyLoader.loadAll(paths));
    if (rules.isEmpty()) {
      throw new UsageException("the policies in " + paths + " have no sbom or vulnerabilities rules");
    }
    return rules;
  };

  /**
   * The rules given as flags (empty lists and nulls when not given).
   *
   * @param maxAge the SBOM's maximum age, or null
   * @param maxSeverity the highest vulnerability severity allowed, or null
   */
  public record Flags(List<String> deniedLicenses, List<String> allowedLicenses, List<String> deniedPackages,
      List<String> requiredFields, Duration maxAge, String maxSeverity, List<String> deniedIds) {}

  private final SbomFileCheck.Rules rules;
  private final List<Path> policies;

  private SbomCheck(SbomFileCheck.Rules rules, List<Path> policies) {
    this.rules = rules;
    this.policies = policies;
  }

  /**
   * The rules of {@code policies} (through {@code source}), then those of the flags.
   *
   * @throws UsageException when there are no rules at all
   * @throws ConfigException when a policy or a flag's rule is invalid
   */
  public static SbomCheck of(RuleSource source, List<Path> policies, Flags flags)
      throws ConfigException, UsageException {
    List<SbomRule> sbomRules = new ArrayList<>();
    List<VulnerabilityRule> vulnRules = new ArrayList<>();
    if (!policies.isEmpty()) {
      SbomFileCheck.Rules r = source.load(policies);
      sbomRules.addAll(r.sbom());
      vulnRules.addAll(r.vulnerabilities());
    }
    if (!flags.deniedLicenses().isEmpty() || !flags.allowedLicenses().isEmpty() || !flags.deniedPackages().isEmpty()
        || !flags.requiredFields().isEmpty() || flags.maxAge() != null) {
      try {
        sbomRules.add(new SbomRule(flags.deniedLicenses(), flags.allowedLicenses(), flags.deniedPackages(),
            flags.requiredFields(), flags.maxAge()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException((String) null, 0, 0, "sbom rule", e.getMessage(), e);
      }
    }
    if (flags.maxSeverity() != null || !flags.deniedIds().isEmpty()) {
      vulnRules.add(new VulnerabilityRule(flags.maxSeverity(), flags.deniedIds(), null, List.of()));
    }
    if (sbomRules.isEmpty() && vulnRules.isEmpty()) {
      throw new UsageException("no rules: give --policy or at least one of --deny-license, --allow-license, "
          + "--deny-package, --require, --max-age, --max-severity, --deny-vulnerability");
    }
    return new SbomCheck(new SbomFileCheck.Rules(sbomRules, vulnRules), List.copyOf(policies));
  }

  /**
   * Judges every SBOM file, in order.
   *
   * @param vex VEX documents applied to every vulnerability rule, besides each rule's own
   * @param at the time maximum ages are judged at
   */
  public List<ImageResult> check(List<Path> sboms, List<Path> vex, Instant at) throws ConfigException {
    SbomFileCheck checker = SbomFileCheck.of(rules, vex, at);
    List<String> names = policies.stream().map(Path::toString).toList();
    List<ImageResult> results = new ArrayList<>();
    for (Path file : sboms) {
      results.add(checker.check(file, names));
    }
    return results;
  }
}
