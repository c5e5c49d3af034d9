package dev.verdict.policy;

import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.VulnerabilityRule;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the {@code spec} of a {@code kind: SbomPolicy} document; {@link PolicyReader} reads the rest. */
final class SbomPolicyReader {
  private SbomPolicyReader() {}

  /**
   * A SbomPolicy's spec: the {@code sbom} and {@code vulnerabilities} blocks of an attestation rule, read by the same
   * code. A policy none of whose blocks constrains anything is an error: it would pass every SBOM.
   */
  static SbomPolicy spec(Source src, YamlMap spec, String name, Node at) {
    int before = src.errorCount();
    spec.allow("sbom", "vulnerabilities");
    SbomRule sbom = AttestationReader.sbom(spec, null);
    VulnerabilityRule vulns = AttestationReader.vulnerabilities(spec);
    if (!spec.has("sbom") && !spec.has("vulnerabilities")) {
      src.error(spec.node, "spec", "policy requires nothing; add sbom (deniedLicenses, allowedLicenses, "
          + "deniedPackages, requiredFields, maxAge) or vulnerabilities (maxSeverity, deniedIds, maxAge)");
    } else if (src.errorCount() == before && (sbom == null || AttestationReader.constrainsNothing(sbom))
        && (vulns == null || AttestationReader.constrainsNothing(vulns))) {
      src.error(spec.node, "spec", "policy requires nothing: its sbom and vulnerabilities blocks constrain "
          + "nothing (set deniedLicenses, allowedLicenses, deniedPackages, requiredFields or maxAge under sbom; "
          + "maxSeverity, deniedIds or maxAge under vulnerabilities)");
    } else if (src.errorCount() == before) {
      AttestationReader.warnIfEmpty(spec, sbom, vulns);
    }
    return name == null ? null : new SbomPolicy(name, src.location(at), sbom, vulns);
  }
}
