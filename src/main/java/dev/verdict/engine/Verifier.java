package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.Reference;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.PolicySet;
import dev.verdict.result.ImageResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine as every front end uses it: opened once with policies, trust material and options, asked many times,
 * closed. The CLI opens it for one run; {@code verdict serve} for the life of the process (and opens a new one on a
 * policy reload). Behind it live one bounded pool of workers with one deadline timer, one registry client (its
 * connection pool, tokens and per-host limits) and one content-addressed cache for as long as the facade is open.
 *
 * <p>Thread-safe: any number of threads may call {@link #resolve} and {@link #decide} at once.
 */
public final class Verifier implements AutoCloseable {
  private static final String NOT_FOUND = "image not found: ";
  private final Config config;
  private final RoutingImageSource source;
  private final Engine engine;
  private final Runner runner;
  /** Computed on first use: a one-run CLI never asks for it, and the canonical form walks every policy. */
  private volatile String fingerprint;

  /**
   * What a verifier is opened with.
   *
   * @param policies the image policies, already loaded and validated
   * @param trust their trust material, loaded once ({@link TrustMaterial#load})
   * @param options platform, clock, local attestations
   * @param registry how to reach registries
   * @param decisionFlags flags that change decisions beyond the policies (ad-hoc options, {@code --platform}); they
   *     enter the fingerprint
   * @param contentCacheBytes the bound of the cache of manifests and blobs read by digest, which lives as long as
   *     the verifier: a CLI run keeps 64 MiB; a server that caches whole decisions needs far less
   */
  public record Config(PolicySet policies, TrustMaterial trust, EngineOptions options, RegistryOptions registry,
      List<String> decisionFlags, long contentCacheBytes) {
    /** The content cache a CLI run uses. */
    public static final long DEFAULT_CONTENT_CACHE_BYTES = RunCache.MAX_BYTES;

    public Config {
      decisionFlags = decisionFlags == null ? List.of() : List.copyOf(decisionFlags);
      if (contentCacheBytes < 0) {
        throw new IllegalArgumentException("contentCacheBytes < 0");
      }
    }

    public Config(PolicySet policies, TrustMaterial trust, EngineOptions options, RegistryOptions registry,
        List<String> decisionFlags) {
      this(policies, trust, options, registry, decisionFlags, DEFAULT_CONTENT_CACHE_BYTES);
    }
  }

  /** The outcome of resolving a reference: the digest it names now, or why there is none. */
  public record Resolution(Reference reference, Digest digest, String failure) {
    public boolean resolved() {
      return digest != null;
    }

    /**
     * True when resolved, or when the registry answered that there is no such image (a deny that may be kept);
     * false for a failure a retry may change (5xx, 429, a timeout, a connection, TLS or login failure).
     */
    public boolean definitive() {
      return resolved() || failure != null && failure.startsWith(NOT_FOUND);
    }

    /** The reference pinned to what it resolved to (the user's tag kept beside the digest). */
    public Reference pinned() {
      return reference.withDigest(digest);
    }
  }

  private Verifier(Config config) {
    this.config = config;
    this.source = new RoutingImageSource(config.registry(), config.contentCacheBytes());
    this.engine = new Engine(source, config.policies(), config.trust(), config.options());
    this.runner = new Runner(Runner.DEFAULT_THREADS);
  }

  /** The bound of this verifier's cache of content read by digest (content, keys and bookkeeping, in bytes). */
  public long contentCacheBytes() {
    return config.contentCacheBytes();
  }

  public static Verifier open(Config config) {
    return new Verifier(config);
  }

  /**
   * A hash that changes whenever a decision could: the policies, the trust material they name, the engine version
   * and the decision flags. A cache of decisions keyed by (repository, digest, fingerprint) is therefore
   * invalidated by a reload by construction.
   */
  public String fingerprint() {
    String f = fingerprint;
    if (f == null) {
      f = fingerprint(config); // the config is immutable, so racing threads compute the same value
      fingerprint = f;
    }
    return f;
  }

  /**
   * Resolves a reference to a digest (a tag through the registry; a digest as written, after checking the manifest
   * exists). Never throws for a per-image problem: the failure is in the result.
   */
  public Resolution resolve(Reference ref) {
    try {
      Optional<FetchedManifest> m = source.manifest(ref, ref.identifier());
      return m.map(f -> new Resolution(ref, f.digest(), null))
          .orElseGet(() -> new Resolution(ref, null, NOT_FOUND + ref));
    } catch (VerdictException e) {
      return new Resolution(ref, null, e.getMessage());
    }
  }

  /** Decides one image within {@code timeout}; a missed deadline is an undecided (ERROR) result, never an allow. */
  public ImageResult decide(ImageTarget target, Duration timeout) {
    return runner.verify(engine::verify, List.of(target), 1, timeout, r -> { }).get(0);
  }

  /**
   * Decides many images, at most {@code parallel} at once, each with its own {@code timeout} from when its own work
   * starts; results keep the targets' order and {@code done} sees each as it is collected.
   */
  public List<ImageResult> decideAll(List<ImageTarget> targets, int parallel, Duration timeout,
      Consumer<ImageResult> done) {
    return runner.verify(engine::verify, targets, parallel, timeout, done);
  }

  @Override
  public void close() {
    runner.close();
    source.close();
  }

  private static String fingerprint(Config c) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      line(sha, "verdict-engine " + engineVersion());
      for (var p : c.policies().policies()) {
        line(sha, "policy " + Canonical.of(p));
      }
      c.trust().files().forEach((file, digest) -> line(sha, "file " + file + " " + digest));
      for (String f : c.decisionFlags()) {
        line(sha, "flag " + f);
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void line(MessageDigest sha, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    // length-prefixed, so no two different sequences of lines hash the same bytes
    sha.update(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
    sha.update(b);
  }

  /** The engine's version and the commit it was built from ("dev unknown" when run from classes). */
  static String engineVersion() {
    String version = Verifier.class.getPackage().getImplementationVersion();
    java.util.Properties p = new java.util.Properties();
    try (java.io.InputStream in = Verifier.class.getResourceAsStream("/dev/verdict/cli/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (java.io.IOException e) {
      // no build details: the version alone
    }
    return (version == null ? "dev" : version) + " " + p.getProperty("commit", "unknown");
  }
}
