package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.ImageSources;
import dev.verdict.oci.Reference;
import dev.verdict.oci.RegistryOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One source for a whole run: one registry client (one connection pool, shared tokens) for every registry
 * reference, and one reader per OCI layout directory.
 */
public final class RoutingImageSource implements ImageSource {
  private final RegistryOptions options;
  private final Map<Path, ImageSource> layouts = new ConcurrentHashMap<>();
  private volatile ImageSource registry;

  public RoutingImageSource(RegistryOptions options) {
    this.options = options;
  }

  private ImageSource route(Reference ref) {
    if (ref.isLayout()) {
      return layouts.computeIfAbsent(ref.layout().toAbsolutePath().normalize(), ImageSources::layout);
    }
    ImageSource r = registry;
    if (r == null) {
      synchronized (this) {
        if (registry == null) {
          registry = ImageSources.registry(options);
        }
        r = registry;
      }
    }
    return r;
  }

  @Override
  public Optional<FetchedManifest> manifest(Reference repo, String tagOrDigest) throws VerdictException {
    return route(repo).manifest(repo, tagOrDigest);
  }

  @Override
  public byte[] blob(Reference repo, Descriptor descriptor) throws VerdictException {
    return route(repo).blob(repo, descriptor);
  }

  @Override
  public List<Descriptor> referrers(Reference repo, Digest subject, String artifactType) throws VerdictException {
    return route(repo).referrers(repo, subject, artifactType);
  }

  @Override
  public Optional<String> declaredName(Reference ref) throws VerdictException {
    return route(ref).declaredName(ref);
  }

  @Override
  public void close() {
    layouts.values().forEach(ImageSource::close);
    if (registry != null) {
      registry.close();
    }
  }
}
