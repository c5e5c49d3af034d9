package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration SETTLE = Duration.ofMillis(250);
  @TempDir Path tmp;
  private final AtomicInteger calls = new AtomicInteger();

  /**
   * A volume laid out as the kubelet's atomic writer does for a ConfigMap or Secret: the data in a
   * {@code ..<timestamp>} directory, {@code ..data} a symlink to it, each visible name a symlink through
   * {@code ..data}.
   */
  private static final class Volume {
    private final Path dir;
    private int generation;

    Volume(Path dir, Map<String, String> files) throws IOException {
      this.dir = dir;
      Files.createDirectories(dir);
      Path data = write(files);
      Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
      for (String name : files.keySet()) {
        Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
      }
    }

    private Path write(Map<String, String> files) throws IOException {
      Path data = dir.resolve("..2026_11_30_06_00_0" + (generation++) + ".123456789");
      Files.createDirectory(data);
      for (var e : files.entrySet()) {
        Files.writeString(data.resolve(e.getKey()), e.getValue());
      }
      return data;
    }

    /** The kubelet's swap: new data directory, {@code ..data_tmp} renamed over {@code ..data}, old one removed. */
    void swap(Map<String, String> files) throws IOException {
      Path old = dir.resolve("..data").toRealPath();
      Path data = write(files);
      Path tmp = dir.resolve("..data_tmp");
      Files.createSymbolicLink(tmp, data.getFileName());
      Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (var s = Files.list(old)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(old);
    }
  }

  private FileWatcher watcher(List<Path> paths) {
    return new FileWatcher(paths, INTERVAL, SETTLE, calls::incrementAndGet);
  }

  @Test
  void poll_configMapSymlinkSwap_callsBackOnceAfterSettling() throws IOException {
    Volume v = new Volume(tmp.resolve("policies"), Map.of("policy.yaml", "a: 1\n"));
    FileWatcher w = watcher(List.of(v.dir));
    assertEquals(INTERVAL, w.poll());
    assertEquals(0, calls.get());
    v.swap(Map.of("policy.yaml", "a: 2\n"));
    assertEquals(SETTLE, w.poll()); // seen, waiting to settle
    assertEquals(0, calls.get());
    assertEquals(INTERVAL, w.poll());
    assertEquals(1, calls.get());
    assertEquals(INTERVAL, w.poll());
    assertEquals(1, calls.get());
  }

  @Test
  void poll_secretSwapOfWatchedFiles_detected() throws IOException {
    Volume v = new Volume(tmp.resolve("tls"), Map.of("tls.crt", "cert-1", "tls.key", "key-1"));
    FileWatcher w = watcher(List.of(v.dir.resolve("tls.crt"), v.dir.resolve("tls.key")));
    v.swap(Map.of("tls.crt", "cert-2", "tls.key", "key-2"));
    w.poll();
    w.poll();
    assertEquals(1, calls.get());
  }

  @Test
  void poll_swapWithSameContent_noCallback() throws IOException {
    Volume v = new Volume(tmp.resolve("policies"), Map.of("policy.yaml", "a: 1\n"));
    FileWatcher w = watcher(List.of(v.dir));
    v.swap(Map.of("policy.yaml", "a: 1\n"));
    Files.setLastModifiedTime(v.dir.resolve("policy.yaml"), FileTime.from(Instant.now().plusSeconds(60)));
    w.poll();
    w.poll();
    assertEquals(0, calls.get());
  }

  @Test
  void poll_stillChangingBetweenPolls_waitsUntilStable() throws IOException {
    Path f = tmp.resolve("policy.yaml");
    Files.writeString(f, "a: 1\n");
    FileWatcher w = watcher(List.of(tmp));
    Files.writeString(f, "a: 2\n");
    assertEquals(SETTLE, w.poll());
    Files.writeString(f, "a: 3\n"); // the writer was not done
    assertEquals(SETTLE, w.poll());
    assertEquals(0, calls.get());
    assertEquals(INTERVAL, w.poll());
    assertEquals(1, calls.get());
  }

  @Test
  void poll_fileAddedOrRemoved_detectedButKubeletBookkeepingIgnored() throws IOException {
    Volume v = new Volume(tmp.resolve("policies"), Map.of("a.yaml", "a: 1\n"));
    String before = FileWatcher.hash(List.of(v.dir));
    Files.createDirectory(v.dir.resolve("..2026_11_30_06_59_59.999"));
    Files.writeString(v.dir.resolve("..2026_11_30_06_59_59.999").resolve("a.yaml"), "half-written");
    assertEquals(before, FileWatcher.hash(List.of(v.dir)));
    Files.writeString(v.dir.resolve("b.yaml"), "b: 1\n");
    String added = FileWatcher.hash(List.of(v.dir));
    assertNotEquals(before, added);
    Files.delete(v.dir.resolve("b.yaml"));
    assertEquals(before, FileWatcher.hash(List.of(v.dir)));
  }

  @Test
  void poll_fileDeletedThenRestored_callsBackForEachSettledState() throws IOException {
    Path cert = tmp.resolve("tls.crt");
    Files.writeString(cert, "cert-1");
    FileWatcher w = watcher(List.of(cert));
    Files.delete(cert);
    w.poll();
    w.poll();
    assertEquals(1, calls.get()); // the callback finds the file missing and keeps the old certificate
    Files.writeString(cert, "cert-1");
    w.poll();
    w.poll();
    assertEquals(2, calls.get());
  }

  @Test
  void poll_callbackThrows_watchingGoesOn() throws IOException {
    Path f = tmp.resolve("p.yaml");
    Files.writeString(f, "1");
    FileWatcher w = new FileWatcher(List.of(f), INTERVAL, SETTLE, () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("broken policy");
    });
    Files.writeString(f, "2");
    w.poll();
    w.poll();
    Files.writeString(f, "3");
    w.poll();
    w.poll();
    assertEquals(2, calls.get());
  }

  @Test
  void start_realSwap_callbackWithinTwoSeconds() throws Exception {
    Volume v = new Volume(tmp.resolve("policies"), Map.of("policy.yaml", "a: 1\n"));
    CountDownLatch fired = new CountDownLatch(1);
    try (FileWatcher w = FileWatcher.start(List.of(v.dir), fired::countDown)) {
      Thread.sleep(100);
      long start = System.nanoTime();
      v.swap(Map.of("policy.yaml", "a: 2\n"));
      assertTrue(fired.await(5, TimeUnit.SECONDS), "no callback");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms <= 2000, "callback after " + ms + " ms");
      assertEquals(FileWatcher.hash(List.of(v.dir)), w.applied());
    }
  }
}
