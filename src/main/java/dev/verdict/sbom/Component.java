package dev.verdict.sbom;

import java.util.List;
import java.util.Map;

/**
 * One package of an SBOM, whatever the format: CycloneDX component, SPDX 2 package or SPDX 3 software package.
 *
 * @param license the concluded (else declared) license expression; {@link LicenseExpression#NOASSERTION} when none
 * @param hashes algorithm (upper case, as written: {@code SHA-256}, {@code SHA256}) to hex value
 * @param supplier supplier (CycloneDX {@code supplier.name} or {@code publisher}; SPDX {@code supplier}), or null
 * @param bomRef the document-local id (CycloneDX {@code bom-ref}, SPDX {@code SPDXID}/{@code spdxId}), or null
 * @param cpe a CPE 2.2/2.3 name, or null
 * @param otherPurls further purls the component is listed under (an SPDX package may carry several purl
 *     references): every one is checked, never only the first
 */
record Component(String name, String version, String purl, LicenseExpression license,
    Map<String, String> hashes, String supplier, String bomRef, String cpe, List<String> otherPurls) {
  public Component {
    hashes = Map.copyOf(hashes);
    license = license == null ? LicenseExpression.NOASSERTION : license;
    otherPurls = List.copyOf(otherPurls);
  }

  public Component(String name, String version, String purl, LicenseExpression license, Map<String, String> hashes,
      String supplier, String bomRef, String cpe) {
    this(name, version, purl, license, hashes, supplier, bomRef, cpe, List.of());
  }

  /** Every purl of the component, the first one first; empty when it has none. */
  public List<String> purls() {
    List<String> all = new java.util.ArrayList<>();
    if (purl != null) {
      all.add(purl);
    }
    all.addAll(otherPurls);
    return all;
  }

  /** How violations name the component: its purl, else {@code name@version}. */
  public String label() {
    if (purl != null) {
      return purl;
    }
    return version == null ? String.valueOf(name) : name + "@" + version;
  }

}
