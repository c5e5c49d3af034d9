package dev.verdict.oci;

import java.util.List;
import java.util.Map;

/** A parsed image index or Docker manifest list. */
public record ImageIndex(String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
  public ImageIndex {
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }
}
