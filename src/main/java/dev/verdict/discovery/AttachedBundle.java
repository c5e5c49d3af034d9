package dev.verdict.discovery;

import dev.verdict.oci.Descriptor;

/**
 * A Sigstore bundle attached to an image digest (OCI 1.1 referrer or {@code sha256-<hex>} fallback tag), unverified.
 *
 * @param source where it was found: the referrer manifest's digest
 * @param manifest the referrer manifest's descriptor (its annotations are hints, never trusted)
 * @param bundle the bundle bytes, or null when the referrer could not be used ({@code problem} says why)
 * @param problem why this referrer is rejected before verification, or null
 */
public record AttachedBundle(String source, Descriptor manifest, byte[] bundle, String problem) {
  public AttachedBundle(String source, Descriptor manifest, byte[] bundle) {
    this(source, manifest, bundle, null);
  }

  public String label() {
    return "bundle " + manifest.digest().hex().substring(0, 12);
  }
}
