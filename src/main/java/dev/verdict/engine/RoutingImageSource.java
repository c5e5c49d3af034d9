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
 * reference, one reader per OCI layout directory, and one cache of content-addressed reads ({@link RunCache}).
 */
final class RoutingImageSource implements ImageSource {
  private final RegistryOptions options;
  private final Map<Path, ImageSource> layouts = new ConcurrentHashMap<>();
  private volatile ImageSource registry;
  private final RunCache cache;

  public RoutingImageSource(RegistryOptions options) {
    this(options, RunCache.MAX_BYTES);
  }

  /** With a content cache bounded at {@code cacheBytes} (content, keys and bookkeeping). */
  RoutingImageSource(RegistryOptions options, long cacheBytes) {
    this.options = options;
    this.cache = new RunCache(cacheBytes);
  }

  /** The content cache, for tests. */
  RunCache cache() {
    return cache;
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
    Digest digest = tagOrDigest != null && tagOrDigest.contains(":") ? parse(tagOrDigest) : null;
    if (digest == null) {
      return route(repo).manifest(repo, tagOrDigest); // tags move: never cached
    }
    String key = RunCache.key("manifest " + repo.repositoryName(), digest);
    RunCache.Entry cached = cache.get(key);
    if (cached != null) {
      return Optional.of(new FetchedManifest(digest, cached.mediaType(), cached.bytes()));
    }
    Optional<FetchedManifest> m = route(repo).manifest(repo, tagOrDigest);
    m.ifPresent(f -> cache.put(key, f.bytes(), f.mediaType()));
    return m;
  }

  @Override
  public byte[] blob(Reference repo, Descriptor descriptor) throws VerdictException {
    String key = RunCache.key("blob " + repo.repositoryName(), descriptor.digest());
    RunCache.Entry cached = cache.get(key);
    if (cached != null && cached.size() == descriptor.size()) {
      return cached.bytes();
    }
    byte[] b = route(repo).blob(repo, descriptor);
    cache.put(key, b, null);
    return b;
  }

  private static Digest parse(String text) {
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      return null; // the source reports the bad digest itself
    }
  }

  /** Entries in the run's content cache (for tests). */
  int cached() {
    return cache.size();
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
