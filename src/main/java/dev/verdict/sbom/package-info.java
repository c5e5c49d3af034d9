/**
 * SBOM and vulnerability rules: CycloneDX 1.2-1.7 JSON, SPDX 2.2/2.3 (JSON, tag-value) and SPDX 3.0 JSON-LD read into
 * one component model ({@link dev.verdict.sbom.SbomParser}), evaluated by {@link dev.verdict.sbom.SbomEvaluator};
 * vulnerability reports (cosign vuln, in-toto vulns, CycloneDX) with OpenVEX/CycloneDX VEX suppression evaluated by
 * {@link dev.verdict.sbom.VulnerabilityEvaluator}.
 *
 * <p>Decisions, each chosen to deny when in doubt:
 * <ul>
 *   <li>A component without license data has the license {@code NOASSERTION}: a deny list passes it unless it lists
 *       NOASSERTION, an allow list fails it unless it lists NOASSERTION.</li>
 *   <li>Several CycloneDX {@code licenses} entries are joined with AND; SPDX uses the concluded license, else the
 *       declared one.</li>
 *   <li>A component whose version is unknown matches every version range of a denied package; a component without a
 *       valid purl cannot match a package rule (require {@code uniqueId} to catch it).</li>
 *   <li>{@code maxAge} measures from the SBOM's creation time, else from the signing time given; with neither it
 *       fails.</li>
 *   <li>A finding without a usable rating has severity unknown, which counts as critical against
 *       {@code maxSeverity}; a report that carries no result ({@code result: null}, no {@code vulnerabilities}
 *       array) fails every vulnerability rule.</li>
 *   <li>VEX: the last statement about a (vulnerability, component) pair wins; not_affected and fixed suppress, for
 *       deniedIds too. A statement applies by equal id or by purl (no version in the VEX product = every version;
 *       its qualifiers must be present on the component).</li>
 *   <li>Invalid rules (bad purl, range, license id, requiredFields entry, maxSeverity) throw, never pass.</li>
 * </ul>
 */
package dev.verdict.sbom;
