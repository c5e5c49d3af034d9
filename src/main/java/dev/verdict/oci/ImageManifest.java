package dev.verdict.oci;

import java.util.List;
import java.util.Map;

/** A parsed image manifest (OCI or Docker v2 schema 2). {@code subject} and {@code artifactType} may be null. */
public record ImageManifest(String mediaType, String artifactType, Descriptor config, List<Descriptor> layers,
    Descriptor subject, Map<String, String> annotations) {
  public ImageManifest {
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }
}
