package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.VerdictException;
import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCacheTest {
  static final Digest D1 = Digest.sha256(new byte[] {1});
  static final Digest D2 = Digest.sha256(new byte[] {2});
  static final Digest D3 = Digest.sha256(new byte[] {3});

  /** What one entry of {@code size} content bytes under {@code repository} is counted for. */
  static long weight(String repository, Digest d, int size) {
    return RunCache.weight(RunCache.key(repository, d), new RunCache.Entry(new byte[size], null));
  }

  @Test
  void put_overBudget_evictsLeastRecentlyUsed() {
    RunCache c = new RunCache(4 * weight("r", D1, 10));
    c.put(RunCache.key("r", D1), new byte[10], null);
    c.put(RunCache.key("r", D2), new byte[10], null);
    c.get(RunCache.key("r", D1));
    c.put(RunCache.key("r", D3), new byte[10], null);
    c.put(RunCache.key("s", D3), new byte[10], null);
    c.put(RunCache.key("t", D3), new byte[10], null);
    assertNull(c.get(RunCache.key("r", D2)), "least recently used goes first");
    assertEquals(10, c.get(RunCache.key("r", D1)).bytes().length);
    assertEquals(4, c.size());
  }

  @Test
  void put_manySmallEntries_boundedByTheirKeysAndBookkeepingToo() {
    // a server reads thousands of small signature manifests: counting only their content let the entries' own
    // keys and nodes grow far past the bound
    long bound = 64 * 1024;
    RunCache c = new RunCache(bound);
    for (int i = 0; i < 10_000; i++) {
      c.put(RunCache.key("registry.example/team/app-" + i, Digest.sha256(new byte[] {(byte) i, (byte) (i >> 8)})),
          new byte[8], null);
    }
    assertTrue(c.bytes() <= bound, c.bytes() + " > " + bound);
    assertTrue(c.size() < 64 * 1024 / 8 / 4, "entries kept: " + c.size());
  }

  @Test
  void put_largeEntry_notCached_andKeysSeparateRepositories() {
    RunCache c = new RunCache(4 * weight("r", D1, 10));
    c.put(RunCache.key("r", D1), new byte[(int) weight("r", D1, 10) + 1], null);
    assertNull(c.get(RunCache.key("r", D1)));
    c.put(RunCache.key("r", D2), new byte[] {7}, null);
    assertNull(c.get(RunCache.key("other", D2)), "a repository never sees another's content");
  }

  @Test
  void routingSource_servesDigestReadsFromTheCache_neverTags(@TempDir Path dir) throws VerdictException,
      java.io.IOException {
    TestImages.Image image = TestImages.randomImage(false);
    Path layout = TestImages.layout(dir.resolve("l")).add(image, Map.of("org.opencontainers.image.ref.name", "1.0"))
        .write();
    Reference ref = Reference.parse("oci:" + layout);
    try (RoutingImageSource source = new RoutingImageSource(RegistryOptions.defaults())) {
      byte[] first = source.manifest(ref, image.digest().toString()).orElseThrow().bytes();
      byte[] blob = source.blob(ref, image.config().descriptor());
      Files.delete(layout.resolve("blobs/sha256").resolve(image.digest().hex()));
      Files.delete(layout.resolve("blobs/sha256").resolve(image.config().digest().hex()));
      assertArrayEquals(first, source.manifest(ref, image.digest().toString()).orElseThrow().bytes());
      assertArrayEquals(blob, source.blob(ref, image.config().descriptor()));
      assertTrue(source.cached() >= 2);
      assertThrows(VerdictException.class, () -> source.manifest(ref, "1.0"), "a tag is read again");
    }
  }
}
