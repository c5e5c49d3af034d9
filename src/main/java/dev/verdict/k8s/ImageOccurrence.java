package dev.verdict.k8s;

import dev.verdict.result.Origin;
import java.util.Objects;

/**
 * One place where an image is referenced: the reference exactly as written, and where (file, line, document, dotted
 * path such as {@code spec.template.spec.containers[0].image}).
 */
public record ImageOccurrence(String image, Origin origin) {
  public ImageOccurrence {
    Objects.requireNonNull(origin, "origin");
    if (image == null || image.isEmpty()) {
      throw new IllegalArgumentException("image must not be empty");
    }
  }

  /**
   * The {@link #origin()} path as an RFC 6901 JSON pointer ({@code /spec/template/spec/containers/0/image}), the form
   * a JSON patch needs to pin this image to a digest.
   */
  public String jsonPointer() {
    return origin.pointer() != null ? origin.pointer() : JsonPointers.toPointer(origin.path());
  }
}
