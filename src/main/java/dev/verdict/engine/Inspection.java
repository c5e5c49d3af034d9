package dev.verdict.engine;

import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.discovery.Inspector;
import dev.verdict.discovery.Inventory;
import dev.verdict.oci.Manifests;
import dev.verdict.oci.Reference;
import dev.verdict.oci.RegistryOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The entry point of {@code inspect}: what is attached to an image, read through the same registry client as
 * verification. Verifies nothing.
 *
 * @param reference the image as parsed
 * @param inventory what was found, or null when the image was not found or is not an image
 * @param notAnImage why the reference names something that is not an image, or null
 */
public record Inspection(String reference, Inventory inventory, String notAnImage) {
  /** Whether there is an image (and so an inventory) at the reference. */
  public boolean found() {
    return inventory != null;
  }

  /**
   * Inspects {@code image}.
   *
   * @param insecure registries (HOST[:PORT]) reached over plain HTTP
   * @param registryCa extra CA certificates (PEM) for registry TLS, or null
   * @throws UsageException when {@code image} is not a reference
   */
  public static Inspection of(String image, Set<String> insecure, Path registryCa) throws VerdictException {
    Reference ref;
    try {
      ref = Reference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    RegistryOptions opts = new RegistryOptions(insecure, registryCa, null, RegistryOptions.defaults().timeout(),
        RegistryOptions.defaults().maxRetries());
    Optional<Inventory> inv;
    try (RoutingImageSource source = new RoutingImageSource(opts)) {
      inv = Inspector.inspect(source, ref);
    } catch (Manifests.NotAnImageException e) {
      return new Inspection(ref.toString(), null, e.getMessage());
    }
    return new Inspection(ref.toString(), inv.orElse(null), null);
  }
}
