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
    entries.put(key, new Entry(content, mediaType));
    bytes += content.length;
    var it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      bytes -= eldest.getValue().size();
      it.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
