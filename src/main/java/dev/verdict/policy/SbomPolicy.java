package dev.verdict.policy;

import dev.verdict.sbom.SbomRule;
import dev.verdict.sbom.VulnerabilityRule;

/**
 * One {@code kind: SbomPolicy} document: the {@code sbom} and {@code vulnerabilities} rules of an attestation rule,
 * without images or authorities, for SBOM files judged as they are ({@code sbom check --policy}, the {@code sbom:}
 * cases of {@code policy test}). It constrains no image: {@code verify} ignores it. Either rule may be null, not both.
 */
public record SbomPolicy(String name, Location location, SbomRule sbom, VulnerabilityRule vulnerabilities)
    implements PolicyDocument {}
