package dev.verdict.trust;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.Json;
import dev.verdict.sigstore.TrustedRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The TUF cache that {@code verdict trust update} fills, read offline: verification never fetches. The cache tracks
 * one TUF repository; {@code tuf/current} names the generation directory in use, which holds the repository's
 * metadata and the {@code trusted_root.json} target, replaced as a whole by an update that succeeded.
 */
public final class TrustCache {
  /** How {@code --trusted-root} and {@code trustedRoot:} name the cached trusted root beside a file path. */
  public static final String NAME = "tuf";
  /** Stands for the cached trusted root where a trusted root file path is expected (never a real file). */
  public static final Path TUF = Path.of("<tuf>");
  /** As {@link #TUF}, with expired TUF metadata an error instead of a warning. */
  public static final Path TUF_FRESH = Path.of("<tuf:fresh>");
  /** The TUF target that holds the Sigstore trusted root. */
  public static final String TARGET = "trusted_root.json";
  static final String UPDATE_HINT = "run 'verdict trust update'";
  private static final long MAX_META_BYTES = 16L << 20;

  /** A TUF role whose cached metadata has expired, and since when. */
  public record Expired(String role, Instant expires, Duration age) {
    public String describe() {
      return "TUF " + role + " metadata expired " + human(age) + " ago (" + expires + ")";
    }
  }

  /** The cached trusted root, where it came from, and which TUF metadata has expired (empty: fresh). */
  public record Loaded(TrustedRoot root, String mirror, Instant updated, List<Expired> expired) {
    public Loaded {
      expired = List.copyOf(expired);
    }
  }

  /** An age in the largest whole unit: 3d, 5h, 12m, 40s. */
  static String human(Duration d) {
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }

  private final Path dir;

  private TrustCache(Path dir) {
    this.dir = dir;
  }

  /** The cache at {@code dir} (the verdict cache directory, not its {@code tuf} subdirectory). */
  public static TrustCache at(Path dir) {
    return new TrustCache(dir);
  }

  /** {@code $VERDICT_CACHE_DIR}, else {@code $XDG_CACHE_HOME/verdict}, else {@code ~/.cache/verdict}. */
  public static TrustCache locate(Map<String, String> env) {
    String own = env.get("VERDICT_CACHE_DIR");
    if (own != null && !own.isBlank()) {
      return at(Path.of(own));
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return at(Path.of(xdg, "verdict"));
    }
    return at(Path.of(System.getProperty("user.home"), ".cache", "verdict"));
  }

  /** The cache of this process's environment. */
  public static TrustCache locate() {
    return locate(System.getenv());
  }

  public Path dir() {
    return dir;
  }

  Path tufDir() {
    return dir.resolve("tuf");
  }

  /** The generation directory in use, or null when nothing was cached yet. */
  Path current() throws IOException {
    Path pointer = tufDir().resolve("current");
    if (!Files.isRegularFile(pointer)) {
      return null;
    }
    String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
    if (!name.matches("gen-[0-9a-z-]+")) {
      throw new IOException(pointer + " does not name a cache generation");
    }
    return tufDir().resolve(name);
  }

  /** The cached trusted root, checked against its TUF targets metadata; a missing cache is exit 3 naming the fix. */
  public Loaded load(Instant now) throws ConfigException {
    Path gen;
    try {
      gen = current();
    } catch (IOException e) {
      throw new ConfigException(tufDir(), "unreadable trust root cache: " + InputFiles.reason(e) + " ("
          + UPDATE_HINT + ")", e);
    }
    if (gen == null) {
      throw new ConfigException(tufDir(), "no cached trusted root (" + UPDATE_HINT
          + " first; it fetches the Sigstore trust root through TUF)");
    }
    return load(gen, now);
  }

  /** One generation directory, checked as {@link #load(Instant)} does. */
  static Loaded load(Path gen, Instant now) throws ConfigException {
    try {
      JsonNode repo = read(gen.resolve("repository.json"));
      List<Expired> expired = new ArrayList<>();
      for (String role : List.of("root", "timestamp", "snapshot", "targets")) {
        JsonNode meta = read(gen.resolve("metadata").resolve(role + ".json"));
        Instant expires = Instant.parse(meta.path("signed").path("expires").asString());
        if (expires.isBefore(now)) {
          expired.add(new Expired(role, expires, Duration.between(expires, now)));
        }
      }
      JsonNode targets = read(gen.resolve("metadata").resolve("targets.json"));
      byte[] root = InputFiles.read(gen.resolve("targets").resolve(TARGET), MAX_META_BYTES);
      checkTarget(targets.path("signed").path("targets").path(TARGET), root, gen);
      TrustedRoot trusted = TrustedRoot.parse(root, gen.resolve("targets").resolve(TARGET).toString());
      return new Loaded(trusted, repo.path("mirror").asString(), Instant.parse(repo.path("updated").asString()),
          expired);
    } catch (NoSuchFileException e) {
      throw new ConfigException(gen, "incomplete trust root cache: " + e.getFile() + " is missing ("
          + UPDATE_HINT + ")", e);
    } catch (IOException e) {
      throw new ConfigException(gen, "unreadable trust root cache: " + InputFiles.reason(e) + " (" + UPDATE_HINT
          + ")", e);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new ConfigException(gen, "corrupt trust root cache: " + e.getMessage() + " (" + UPDATE_HINT + ")", e);
    }
  }

  /** The cached target must be the one the (verified, cached) targets metadata lists: length and hashes. */
  static void checkTarget(JsonNode meta, byte[] bytes, Path gen) throws ConfigException {
    if (meta.isMissingNode() || meta.path("length").asLong(-1) != bytes.length) {
      throw new ConfigException(gen, "cached " + TARGET + " does not match its TUF targets metadata ("
          + UPDATE_HINT + ")");
    }
    boolean checked = false;
    for (Map.Entry<String, String> h : Map.of("sha256", "SHA-256", "sha512", "SHA-512").entrySet()) {
      JsonNode want = meta.path("hashes").get(h.getKey());
      if (want != null) {
        if (!want.asString().equalsIgnoreCase(hex(h.getValue(), bytes))) {
          throw new ConfigException(gen, "cached " + TARGET + " does not match its TUF targets metadata ("
              + h.getKey() + "; " + UPDATE_HINT + ")");
        }
        checked = true;
      }
    }
    if (!checked) {
      throw new ConfigException(gen, "TUF targets metadata lists no sha256/sha512 hash for " + TARGET);
    }
  }

  static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(Path file) throws IOException {
    byte[] b = InputFiles.read(file, MAX_META_BYTES);
    try {
      return Json.mapper().readTree(b);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file.getFileName() + " is not valid JSON", e);
    }
  }
}
