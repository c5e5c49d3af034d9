package dev.verdict.oci;

import java.util.Map;

/**
 * An OCI content descriptor (<a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">spec</a>).
 *
 * @param platform only set on image index entries
 * @param artifactType only set where the manifest or index entry carries one
 */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations,
    String artifactType, Platform platform) {
  public Descriptor {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    if (size < 0) {
      throw new IllegalArgumentException("descriptor size must not be negative");
    }
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Map.of(), null, null);
  }

  public String annotation(String key) {
    return annotations.get(key);
  }
}
