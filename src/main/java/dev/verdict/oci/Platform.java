package dev.verdict.oci;

import java.util.Objects;

/** An OCI platform ({@code os/architecture[/variant]}), as in an image index entry. */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
  }

  /** Parses {@code linux/amd64} or {@code linux/arm64/v8}. */
  public static Platform parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("invalid platform '" + text + "': expected os/arch[/variant]");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 && !parts[2].isEmpty() ? parts[2] : null);
  }

  /** True when {@code other} (from an index) satisfies this requested platform; a missing variant matches any. */
  public boolean accepts(Platform other) {
    return other != null && os.equals(other.os) && architecture.equals(other.architecture)
        && (variant == null || variant.equals(other.variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
