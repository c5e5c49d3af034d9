package dev.verdict.trust;

import dev.sigstore.tuf.FileSystemTufStore;
import dev.sigstore.tuf.Fetcher;
import dev.sigstore.tuf.MetaFetcher;
import dev.sigstore.tuf.TrustedMetaStore;
import dev.sigstore.tuf.Updater;
import dev.verdict.ConfigException;
import dev.verdict.Json;
import dev.verdict.UndecidableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * {@code verdict trust update}: refreshes the cached trusted root through sigstore-java's TUF {@link Updater} (TUF
 * client workflow: root rotation, rollback and freeze checks, signature thresholds, target hashes). The update runs
 * in a new generation directory seeded from the current one; only when it succeeded and the new trusted root parses
 * does {@code tuf/current} switch to it, so a failed update leaves the previous trusted root in place.
 */
public final class TufUpdate {
  /** The public-good Sigstore TUF repository. */
  public static final String PUBLIC_GOOD = "https://tuf-repo-cdn.sigstore.dev";
  /** Its root.json v10, as sigstore-java 2.0.0 ships it (TUF rotates from it to the current root). */
  static final String PUBLIC_GOOD_ROOT = "/dev/verdict/trust/public-good-root.json";

  /** What an update did. */
  public record Result(String mirror, int rootVersion, int targetsVersion, TrustCache.Loaded loaded,
      boolean fresh) {}

  private TufUpdate() {}

  /**
   * Updates {@code cache} from {@code mirror} (an http(s) URL or a directory; null: the cached repository's mirror,
   * else the public good). {@code initialRoot} bootstraps trust (null: the cached repository's, else the embedded
   * public-good root); a root other than the one the cache was started from starts a new cache.
   */
  public static Result run(TrustCache cache, String mirror, byte[] initialRoot)
      throws ConfigException, UndecidableException {
    return run(cache, mirror, initialRoot, Clock.systemUTC());
  }

  /** {@link #run(TrustCache, String, byte[])} at {@code clock}'s time (expiry checks). */
  static Result run(TrustCache cache, String mirror, byte[] initialRoot, Clock clock)
      throws ConfigException, UndecidableException {
    Path tuf = cache.tufDir();
    try {
      Files.createDirectories(tuf);
    } catch (IOException e) {
      throw new ConfigException(tuf, "cannot create the trust root cache: " + e.getMessage(), e);
    }
    try (FileChannel ch = FileChannel.open(tuf.resolve(".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
      return locked(cache, mirror, initialRoot, clock);
    } catch (IOException e) {
      throw new ConfigException(tuf, "cannot lock the trust root cache: " + e.getMessage(), e);
    }
  }

  private static Result locked(TrustCache cache, String mirror, byte[] initialRoot, Clock clock)
      throws ConfigException, UndecidableException {
    Path current;
    JsonNode repo = null;
    try {
      current = cache.current();
      if (current != null) {
        repo = Json.mapper().readTree(Files.readAllBytes(current.resolve("repository.json")));
      }
    } catch (IOException | RuntimeException e) {
      current = null; // an unreadable cache is started again from the initial root
    }
    boolean fresh = repo == null;
    if (initialRoot == null) {
      initialRoot = fresh ? embeddedRoot() : null;
    } else if (!fresh && !TrustCache.hex("SHA-256", initialRoot).equals(repo.path("rootSha256").asString())) {
      fresh = true; // another repository (another initial root): do not carry over the other one's metadata
    }
    String rootSha = initialRoot != null ? TrustCache.hex("SHA-256", initialRoot) : repo.path("rootSha256").asString();
    if (mirror == null) {
      mirror = fresh || repo.path("mirror").asString().isEmpty() ? PUBLIC_GOOD : repo.path("mirror").asString();
    }
    Path gen = cache.tufDir().resolve("gen-" + Long.toString(System.currentTimeMillis(), 36) + "-"
        + HexFormat.of().formatHex(random()));
    try {
      Files.createDirectories(gen.resolve("metadata"));
      Files.createDirectories(gen.resolve("targets"));
      if (!fresh) {
        copyDir(current.resolve("metadata"), gen.resolve("metadata"));
        copyDir(current.resolve("targets"), gen.resolve("targets"));
      }
      byte[] bootstrap = initialRoot;
      FileSystemTufStore store = FileSystemTufStore.newFileSystemStore(gen.resolve("metadata"), gen.resolve("targets"));
      Fetcher[] fetchers = fetchers(mirror);
      Updater updater = Updater.builder()
          .setClock(clock)
          .setTrustedRootPath(() -> {
            if (bootstrap == null) {
              throw new IOException("the cache has no root.json and no initial root was given (use --root)");
            }
            return new String(bootstrap, StandardCharsets.UTF_8);
          })
          .setMetaFetcher(MetaFetcher.newFetcher(fetchers[0]))
          .setTargetFetcher(fetchers[1])
          .setTrustedMetaStore(TrustedMetaStore.newTrustedMetaStore(store))
          .setTargetStore(store)
          .build();
      updater.updateMeta();
      updater.downloadTarget(TrustCache.TARGET);
      Map<String, String> info = new LinkedHashMap<>();
      info.put("mirror", mirror);
      info.put("rootSha256", rootSha);
      info.put("updated", clock.instant().toString());
      Files.write(gen.resolve("repository.json"), Json.mapper().writeValueAsBytes(info));
      TrustCache.Loaded loaded = TrustCache.load(gen, clock.instant());
      if (!loaded.expired().isEmpty()) {
        throw new UndecidableException(mirror, "the mirror serves expired metadata: "
            + loaded.expired().get(0).describe());
      }
      publish(cache, gen, current);
      JsonNode root = Json.mapper().readTree(Files.readAllBytes(gen.resolve("metadata/root.json")));
      JsonNode targets = Json.mapper().readTree(Files.readAllBytes(gen.resolve("metadata/targets.json")));
      return new Result(mirror, root.path("signed").path("version").asInt(),
          targets.path("signed").path("version").asInt(), loaded, fresh);
    } catch (ConfigException | UndecidableException e) {
      deleteQuietly(gen);
      throw e;
    } catch (Exception e) {
      deleteQuietly(gen);
      throw new UndecidableException(mirror, describe(e), e);
    }
  }

  private static byte[] random() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** The metadata fetcher and the targets fetcher of a mirror URL or directory. */
  static Fetcher[] fetchers(String mirror) throws ConfigException {
    if (mirror.startsWith("https://") || mirror.startsWith("http://")) {
      URI uri;
      try {
        uri = URI.create(mirror);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(mirror, 0, 0, null, "invalid mirror URL: " + e.getMessage());
      }
      HttpMirrorFetcher meta = new HttpMirrorFetcher(uri, HttpMirrorFetcher.client());
      return new Fetcher[] {meta, meta.under("targets/")};
    }
    if (mirror.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
      throw new ConfigException(mirror, 0, 0, null, "unsupported mirror URL scheme (use https://, http:// or a "
          + "directory path)");
    }
    Path dir = Path.of(mirror);
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(dir, "mirror directory does not exist or is not a directory");
    }
    return new Fetcher[] {new DirectoryFetcher(dir), new DirectoryFetcher(dir.resolve("targets"))};
  }

  /** One line for a failed update: what TUF refused, or why the mirror could not be read. */
  static String describe(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof java.net.http.HttpConnectTimeoutException
          || c instanceof java.net.UnknownHostException) {
        return "mirror unreachable (" + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": "
            + c.getMessage()) + "); the cached trusted root, if any, is unchanged";
      }
    }
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof java.io.UncheckedIOException)) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return "TUF update failed: " + t.getClass().getSimpleName() + (m == null ? "" : ": " + m.strip())
        + "; the cached trusted root, if any, is unchanged";
  }

  static byte[] embeddedRoot() {
    try (InputStream in = TufUpdate.class.getResourceAsStream(PUBLIC_GOOD_ROOT)) {
      return in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("embedded public-good TUF root missing", e);
    }
  }

  /**
   * Points {@code tuf/current} at {@code gen} (an atomic rename) and removes older generations, keeping the one just
   * replaced for a verification that read the old pointer a moment ago.
   */
  private static void publish(TrustCache cache, Path gen, Path previous) throws IOException {
    Path tuf = cache.tufDir();
    Path tmp = tuf.resolve("current.tmp");
    Files.writeString(tmp, gen.getFileName().toString() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, tuf.resolve("current"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (Stream<Path> old = Files.list(tuf)) {
      for (Path p : old.filter(p -> p.getFileName().toString().startsWith("gen-") && !p.equals(gen)
          && !p.equals(previous)).toList()) {
        deleteQuietly(p);
      }
    }
  }

  private static void copyDir(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover generation directory is removed by the next successful update
    }
  }
}
