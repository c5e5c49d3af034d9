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
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);

  RunCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  static String key(String repository, Digest digest) {
    return repository + "@" + digest;
  }

  synchronized byte[] get(String key) {
    byte[] b = entries.get(key);
    return b == null ? null : b.clone();
  }

  synchronized void put(String key, byte[] content) {
    if (content.length > maxBytes / 4 || entries.containsKey(key)) {
      return;
    }
    entries.put(key, content.clone());
    bytes += content.length;
    var it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, byte[]> eldest = it.next();
      bytes -= eldest.getValue().length;
      it.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
