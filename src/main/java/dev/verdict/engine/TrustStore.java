package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.Json;
import dev.verdict.UndecidableException;
import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.sigstore.TrustedRoot;
import dev.verdict.trust.TrustCache;
import dev.verdict.trust.TrustRoots;
import dev.verdict.trust.TufUpdate;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The entry points of {@code trust update} and {@code trust show}: the cached Sigstore trusted root, refreshed
 * through TUF (the only place verdict fetches trust material), and what a trusted root trusts.
 */
public final class TrustStore {
  /** How {@code --trusted-root} names the cached trusted root beside a file path. */
  public static final String NAME = TrustCache.NAME;
  /** Stands for the cached trusted root where a trusted root file path is expected (never a real file). */
  public static final Path TUF = TrustCache.TUF;
  /** The public-good TUF repository. */
  public static final String PUBLIC_GOOD = TufUpdate.PUBLIC_GOOD;
  /** A TUF root.json is a few kilobytes. */
  private static final long MAX_ROOT_BYTES = 1L << 20;

  private TrustStore() {}

  /** What an update did: the cache directory, the mirror, and the TUF root and targets versions now trusted. */
  public record Updated(Path cache, String mirror, int rootVersion, int targetsVersion) {}

  /**
   * What a trusted root trusts, by section (certificateAuthorities, tlogs, ctlogs, timestampAuthorities), each item
   * a name, a validity window (validFrom, validUntil) and its details, in order.
   */
  public record Shown(String source, Map<String, List<Map<String, Object>>> sections) {}

  /**
   * Updates the cache from {@code mirror} (null: the cached repository's, else the public good).
   *
   * @param root the TUF root.json to trust first (a private Sigstore), or null; needs {@code mirror}
   */
  public static Updated update(String mirror, Path root) throws VerdictException {
    if (root != null && mirror == null) {
      throw new UsageException("--root needs --mirror (the repository that root.json belongs to)");
    }
    byte[] initial = null;
    if (root != null) {
      try {
        initial = InputFiles.read(root, MAX_ROOT_BYTES);
      } catch (IOException e) {
        throw new ConfigException(root, "cannot read TUF root: " + InputFiles.reason(e), e);
      }
      checkRoot(root, initial);
    }
    TrustCache cache = TrustCache.locate();
    TufUpdate.Result r = TufUpdate.run(cache, mirror, initial);
    return new Updated(cache.dir(), r.mirror(), r.rootVersion(), r.targetsVersion());
  }

  /** A TUF root.json, in shape: bad files are exit 3 naming the file, before anything is fetched. */
  static void checkRoot(Path file, byte[] bytes) throws ConfigException {
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(bytes);
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(file, "not a TUF root.json: not valid JSON: " + m, e);
    }
    if (doc == null || !doc.isObject() || !doc.path("signatures").isArray()
        || !"root".equals(doc.path("signed").path("_type").asString(""))
        || !doc.path("signed").path("version").isIntegralNumber()) {
      throw new ConfigException(file, "not a TUF root.json (expected {\"signed\": {\"_type\": \"root\", "
          + "\"version\": N, ...}, \"signatures\": [...]})");
    }
  }

  /**
   * What {@code trustedRoot} (a file, or {@link #TUF}) trusts. Offline.
   *
   * @param warnings told of expired TUF metadata, unless {@code requireFresh} makes it an error
   */
  public static Shown show(Path trustedRoot, boolean requireFresh, Consumer<String> warnings)
      throws ConfigException, UndecidableException {
    TrustRoots roots = TrustRoots.of(requireFresh);
    TrustedRoot root = roots.get(trustedRoot);
    roots.warnings().forEach(warnings);
    String source = TrustRoots.isTuf(trustedRoot) ? root.source() + " (TUF cache)" : root.source();
    Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
    sections.put("certificateAuthorities", authorities(root.certificateAuthorities()));
    sections.put("tlogs", logs(root.tlogs()));
    sections.put("ctlogs", logs(root.ctlogs()));
    sections.put("timestampAuthorities", authorities(root.timestampAuthorities()));
    return new Shown(source, sections);
  }

  private static List<Map<String, Object>> authorities(List<TrustedRoot.Authority> list) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TrustedRoot.Authority a : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", a.describe());
      window(m, a.start(), a.end());
      List<String> chain = new ArrayList<>();
      for (X509Certificate c : a.chain()) {
        chain.add(c.getSubjectX500Principal().getName() + " [" + c.getNotBefore().toInstant() + " .. "
            + c.getNotAfter().toInstant() + "]");
      }
      m.put("chain", chain);
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> logs(List<TrustedRoot.Log> list) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (TrustedRoot.Log l : list) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", l.baseUrl() == null ? "(no base URL)" : l.baseUrl());
      window(m, l.start(), l.end());
      m.put("logId", l.logIdHex());
      m.put("key", l.keyDetails());
      out.add(m);
    }
    return out;
  }

  private static void window(Map<String, Object> m, Instant start, Instant end) {
    m.put("validFrom", start.equals(Instant.EPOCH) ? "always" : start.toString());
    m.put("validUntil", end == null ? "open" : end.toString());
  }
}
