package dev.verdict.policy;

import dev.verdict.sbom.SbomFileCheck;
import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.VulnerabilityRule;
import java.util.ArrayList;
import java.util.List;

/** The SBOM rules of loaded policies, as {@code sbom check --policy} and the {@code sbom:} cases of policy tests apply them. */
public final class SbomRules {
  private SbomRules() {}

  /**
   * Every {@code sbom} and {@code vulnerabilities} block of every attestation rule of the image policies, then those
   * of every SbomPolicy.
   */
  public static SbomFileCheck.Rules of(LoadResult loaded) {
    List<SbomRule> sbom = new ArrayList<>();
    List<VulnerabilityRule> vulns = new ArrayList<>();
    for (ImagePolicy p : loaded.policies().policies()) {
      for (AttestationRule a : p.attestations()) {
        if (a.sbom() != null) {
          sbom.add(a.sbom());
        }
        if (a.vulnerabilities() != null) {
          vulns.add(a.vulnerabilities());
        }
      }
    }
    for (SbomPolicy p : loaded.sbomPolicies()) {
      if (p.sbom() != null) {
        sbom.add(p.sbom());
      }
      if (p.vulnerabilities() != null) {
        vulns.add(p.vulnerabilities());
      }
    }
    return new SbomFileCheck.Rules(sbom, vulns);
  }
}
