package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.verdict.InputFiles;
import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named FIFO nobody writes to, given where verdict reads a file: a one-line error naming it, after the documented
 * deadline, never a hang. The timeout guard fails a test that hangs instead of hanging the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FifoInputTest {
  @TempDir
  static Path dir;
  static Path fifo;

  @BeforeAll
  static void mkfifo() throws Exception {
    fifo = dir.resolve("no-writer");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    } catch (java.io.IOException e) {
      p = null;
    }
    assumeTrue(p != null && p.waitFor() == 0 && Files.exists(fifo), "mkfifo is not available");
  }

  static void assertOneLine(Cli.Result r, int exit, String names) {
    assertEquals(exit, r.code(), r.toString());
    List<String> err = r.err().lines().toList();
    assertEquals(1, err.size(), r.toString());
    assertTrue(err.get(0).startsWith("verdict: ") && err.get(0).contains(fifo.toString()), r.toString());
    assertTrue(err.get(0).contains(names), r.toString());
    assertTrue(err.get(0).contains("within " + InputFiles.SPECIAL_FILE_DEADLINE.toSeconds() + "s"), r.toString());
  }

  @Test
  void verify_keyIsFifoWithoutWriter_exit3AfterTheDeadline() {
    long start = System.nanoTime();
    Cli.Result r = Cli.run("verify", "registry.invalid/app@sha256:" + "a".repeat(64), "--key", fifo.toString());
    assertOneLine(r, 3, "cannot read key file: is not a regular file");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(seconds < InputFiles.SPECIAL_FILE_DEADLINE.toSeconds() + 5, seconds + "s");
  }

  @Test
  void verify_policyIsFifoWithoutWriter_exit3() {
    Cli.Result r = Cli.run("verify", "registry.invalid/app@sha256:" + "a".repeat(64), "--policy", fifo.toString());
    assertOneLine(r, 3, "is not a regular file");
  }

  @Test
  void sbomCheck_sbomIsFifoWithoutWriter_exit3() {
    Cli.Result r = Cli.run("sbom", "check", fifo.toString(), "--deny-license", "AGPL-3.0-only");
    assertOneLine(r, 3, "is not a regular file");
  }

  @Test
  void read_fifoWithAWriter_readsIt() throws Exception {
    Path p = dir.resolve("with-writer");
    assumeTrue(new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0);
    Process writer = new ProcessBuilder("sh", "-c", "printf hello > '" + p + "'").start();
    assertEquals("hello", new String(InputFiles.read(p, 64), java.nio.charset.StandardCharsets.UTF_8));
    writer.waitFor();
  }
}
