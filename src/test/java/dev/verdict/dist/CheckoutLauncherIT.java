package dev.verdict.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/verdict} of a checkout works through a symlink from another directory (a link on PATH). */
class CheckoutLauncherIT {
  @TempDir Path tmp;

  @Test
  void binVerdict_throughRelativeSymlinkFromElsewhere_runsTheCheckoutsJar() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path link = bin.resolve("verdict");
    Files.createSymbolicLink(link, bin.relativize(Path.of("bin/verdict").toAbsolutePath()));
    Path layout = Path.of("testdata/layouts/hello").toAbsolutePath();
    Path key = Path.of("testdata/keys/cosign-test.pub").toAbsolutePath();
    Process p = new ProcessBuilder(link.toString(), "verify", "oci:" + layout, "--key", key.toString(),
        "--signed-identity", "any").directory(tmp.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("ALLOW oci:"), out);
  }
}
