package dev.verdict.engine;

import dev.verdict.oci.Digest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's cache of content-addressed reads (manifests and blobs fetched by digest), keyed by repository and
 * digest so a repository never sees content it did not serve. Content is immutable by its digest, so a hit is the
 * same bytes the registry would send again; tags are never cached. Bounded in bytes, least recently used first out.
 */
final class RunCache {
  static final long MAX_BYTES = 64L << 20;
  /** What an entry costs beside its content: the key, the entry, the map's node (estimated, in bytes). */
  static final int ENTRY_OVERHEAD = 160;
  private final long maxBytes;
  private long bytes;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

  /** Cached content and the media type it was served with (null for blobs or when none was given). */
  record Entry(byte[] bytes, String mediaType) {
    Entry {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    int size() {
      return bytes.length;
    }
  }

  /** The bytes an entry is counted for: its content, its key and the bookkeeping around them. */
  static long weight(String key, Entry e) {
    return e.size() + 2L * key.length() + ENTRY_OVERHEAD;
  }

  RunCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  static String key(String repository, Digest digest) {
    return repository + "@" + digest;
  }

  synchronized Entry get(String key) {
    return entries.get(key);
  }

  synchronized void put(String key, byte[] content, String mediaType) {
    if (content.length > maxBytes / 4 || entries.containsKey(key)) {
      return;
    }
    Entry e = new Entry(content, mediaType);
    entries.put(key, e);
    bytes += weight(key, e);
    var it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      bytes -= weight(eldest.getKey(), eldest.getValue());
      it.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }

  /** The bytes counted against the bound. */
  synchronized long bytes() {
    return bytes;
  }
}
