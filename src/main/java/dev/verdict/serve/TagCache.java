package dev.verdict.serve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The short tag-to-digest map of WEBHOOK.md: (canonical repository, tag) to the digest a registry named for it at
 * most {@code ttl} ago (default 30 s). The one thing verdict keeps by tag, and never a decision.
 *
 * <p>What it is for: {@code /mutate} resolves each tag once and pins it ({@code name:tag@sha256:...}); the Pods,
 * ReplicaSets and retries that follow within seconds reuse that resolution instead of asking the registry again,
 * and {@code /validate} of an object whose tag was not pinned (a policy opted out, or no mutating webhook) resolves
 * through it too. What it is not for: a reference that carries a digest is never looked up here. {@code /validate}
 * verifies the digest the object carries, so a tag moved between {@code /mutate} and {@code /validate} cannot change
 * what is verified; and decisions are keyed by digest ({@link DecisionCache.Key}), so a stale entry here can at
 * worst make an unpinned tag be checked as the digest it named seconds ago, which is all an unpinned tag ever
 * promises (the kubelet pulls it later anyway). Failed resolutions are not stored.
 *
 * <p>Thread-safe.
 */
final class TagCache {
  /** WEBHOOK.md {@code --tag-cache-ttl} default. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
  private static final long MAX_ENTRIES = 100_000;

  private final Cache<Key, Digest> cache;

  /** A canonical repository ({@link Reference#repositoryName}) and a tag. */
  record Key(String repository, String tag) {}

  public TagCache(Duration ttl) {
    this(ttl, Ticker.systemTicker());
  }

  TagCache(Duration ttl, Ticker ticker) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("tag cache TTL must not be negative: " + ttl);
    }
    this.cache = Caffeine.newBuilder().ticker(ticker).executor(Runnable::run).expireAfterWrite(ttl)
        .maximumSize(ttl.isZero() ? 0 : MAX_ENTRIES).build();
  }

  /**
   * The digest {@code ref} names: its own digest when it carries one (the cache is not consulted, whatever the
   * tag beside it says), else the digest remembered for its tag, else {@code resolver}'s answer, remembered when
   * not null. {@code resolver} returns null when the tag could not be resolved; that is not remembered.
   */
  public Digest resolve(Reference ref, Function<Reference, Digest> resolver) {
    if (ref.digest() != null) {
      return ref.digest();
    }
    Key key = key(ref);
    Digest known = cache.getIfPresent(key);
    if (known != null) {
      return known;
    }
    Digest resolved = resolver.apply(ref);
    if (resolved != null) {
      cache.put(key, resolved);
    }
    return resolved;
  }

  /** The remembered digest of a tag-only reference, if fresh. */
  public Optional<Digest> get(Reference tagged) {
    if (tagged.digest() != null) {
      return Optional.of(tagged.digest());
    }
    return Optional.ofNullable(cache.getIfPresent(key(tagged)));
  }

  /** Remembers what {@code tagged}'s tag resolved to (e.g. when {@code /mutate} pinned it). */
  public void put(Reference tagged, Digest digest) {
    if (tagged.digest() != null && !tagged.digest().equals(digest)) {
      throw new IllegalArgumentException(tagged + " already names another digest than " + digest);
    }
    if (tagged.tag() == null) {
      return; // a digest-only reference has no tag to remember
    }
    cache.put(key(tagged), digest);
  }

  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private static Key key(Reference ref) {
    String tag = ref.tag() != null ? ref.tag() : "latest";
    return new Key(ref.repositoryName(), tag);
  }
}
