package dev.verdict.engine;

import dev.verdict.oci.Reference;
import dev.verdict.result.Origin;
import java.util.List;

/** An image to verify: the reference as the user wrote it, parsed, and every place it was found. */
public record ImageTarget(String given, Reference reference, List<Origin> origins) {
  public ImageTarget {
    origins = List.copyOf(origins);
  }

  public static ImageTarget of(String given) {
    return new ImageTarget(given, Reference.parse(given), List.of(Origin.COMMAND_LINE));
  }
}
