package dev.verdict.trust;

import dev.verdict.ConfigException;
import dev.verdict.UndecidableException;
import dev.verdict.sigstore.TrustedRoot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trusted roots of one run, each loaded once: files, or {@link TrustCache#TUF} (the TUF cache, read offline).
 * Expired TUF metadata is a warning, or "could not decide" (exit 4) when fresh trust is required.
 */
public final class TrustRoots {
  private final Map<Path, TrustedRoot> files = new HashMap<>();
  private final TrustCache cache;
  private final Clock clock;
  private final boolean requireFresh;
  private final List<String> warnings = new ArrayList<>();
  private TrustCache.Loaded cached;

  public TrustRoots(TrustCache cache, Clock clock, boolean requireFresh) {
    this.cache = cache;
    this.clock = clock;
    this.requireFresh = requireFresh;
  }

  /** For this process: the cache its environment names, the system clock. */
  public static TrustRoots of(boolean requireFresh) {
    return new TrustRoots(TrustCache.locate(), Clock.systemUTC(), requireFresh);
  }

  /** True for the names of the TUF cache ({@link TrustCache#TUF}, {@link TrustCache#TUF_FRESH}). */
  public static boolean isTuf(Path ref) {
    return TrustCache.TUF.equals(ref) || TrustCache.TUF_FRESH.equals(ref);
  }

  /** The trusted root {@code ref} names. */
  public TrustedRoot get(Path ref) throws ConfigException, UndecidableException {
    if (!isTuf(ref)) {
      TrustedRoot r = files.get(ref);
      if (r == null) {
        r = TrustedRoot.load(ref);
        files.put(ref, r);
      }
      return r;
    }
    if (cached == null) {
      cached = cache.load(clock.instant());
      for (TrustCache.Expired e : cached.expired()) {
        warnings.add("trust root cache " + cache.dir() + ": " + e.describe() + "; " + TrustCache.UPDATE_HINT);
      }
    }
    if (!cached.expired().isEmpty() && (requireFresh || TrustCache.TUF_FRESH.equals(ref))) {
      throw new UndecidableException(null, "trust root cache " + cache.dir() + ": " + cached.expired().get(0)
          .describe() + " and fresh trust is required; " + TrustCache.UPDATE_HINT);
    }
    return cached.root();
  }

  /**
   * What the TUF cache served, for a fingerprint: its mirror and when it was updated (a new update may bring new
   * keys), or "tuf (not loaded)".
   */
  public String describe() {
    return cached == null ? "tuf (not loaded)" : "tuf " + cached.mirror() + " updated " + cached.updated();
  }

  /** Warnings about expired TUF metadata (each once). */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }
}
