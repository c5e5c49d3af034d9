package dev.verdict.policy;

import java.util.List;

/**
 * What {@link PolicyLoader#lint} found: the image policies and the SBOM policies that loaded without error, and every
 * error and warning in file order.
 */
public record LoadResult(PolicySet policies, List<SbomPolicy> sbomPolicies, List<Finding> findings) {
  public LoadResult {
    sbomPolicies = List.copyOf(sbomPolicies);
    findings = List.copyOf(findings);
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(Finding::isError);
  }

  public List<Finding> errors() {
    return findings.stream().filter(Finding::isError).toList();
  }

  public List<Finding> warnings() {
    return findings.stream().filter(f -> !f.isError()).toList();
  }
}
