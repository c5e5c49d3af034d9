package dev.verdict.sbom;

import java.time.Instant;
import java.util.List;

/**
 * An SBOM read into one model (CycloneDX 1.2-1.7 JSON, SPDX 2.2/2.3 JSON or tag-value, SPDX 3.0 JSON-LD).
 *
 * @param format {@code CycloneDX} or {@code SPDX}
 * @param specVersion as the document states it ({@code 1.4}, {@code SPDX-2.3}, {@code 3.0.1})
 * @param created when the SBOM was made (CycloneDX {@code metadata.timestamp}, SPDX {@code created}), or null
 * @param authors people or organisations responsible for the SBOM data (tools are not authors)
 * @param tools tools that produced it
 * @param components every package, nested CycloneDX components flattened; the described root is not included
 * @param relationships dependency entries or relationships (SPDX license relationships not counted)
 * @param source the file or attestation it was read from, for messages
 */
public record SbomDocument(String format, String specVersion, String name, Instant created, List<String> authors,
    List<String> tools, List<Component> components, int relationships, String source) {
  public SbomDocument {
    authors = List.copyOf(authors);
    tools = List.copyOf(tools);
    components = List.copyOf(components);
  }
}
