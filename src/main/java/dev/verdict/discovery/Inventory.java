package dev.verdict.discovery;

import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import java.util.List;
import java.util.Map;

/**
 * What is attached to an image digest, unverified: the result of {@code verdict inspect}.
 *
 * @param platforms index entries (empty for a single manifest)
 */
public record Inventory(String reference, Digest digest, String mediaType, List<Descriptor> platforms,
    List<Item> items) {
  public Inventory {
    platforms = List.copyOf(platforms);
    items = List.copyOf(items);
  }

  /**
   * One attached thing.
   *
   * @param kind signature, attestation, bundle, sbom or referrer
   * @param source where it was found: a tag ({@code sha256-<hex>.sig}) or a referrer digest
   * @param details what could be read without verification (media types, predicate type, claimed signer...)
   */
  public record Item(String kind, String source, Map<String, String> details) {
    public Item {
      details = Map.copyOf(details);
    }
  }
}
