package dev.verdict.policy;

import dev.verdict.attestation.SlsaRule;
import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.VulnerabilityRule;
import java.util.List;

/**
 * An attestation the policy requires: a statement of {@code predicateType} about the image, signed by one of
 * {@code from}, whose predicate passes the conditions and the built-in rules (each null when absent).
 */
public record AttestationRule(String name, String predicateType, List<String> from, List<Condition> conditions,
    SlsaRule slsa, SbomRule sbom, VulnerabilityRule vulnerabilities, Location location) {
  public AttestationRule {
    from = List.copyOf(from);
    conditions = List.copyOf(conditions);
  }
}
