package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README's first run of {@code verdict serve}: {@code bin/serve-demo} starts a real registry with the bundled signed
 * image and an unsigned one, serves over TLS, sends both Pods as the apiserver does, then reviews them offline.
 */
class ServeDemoIT {
  @Test
  void serveDemo_signedAllowedUnsignedDenied_overTlsAndOffline() throws Exception {
    Process p = new ProcessBuilder("bin/serve-demo").redirectErrorStream(true).start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "bin/serve-demo did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    String[] sections = out.split("== ");
    assertEquals(5, sections.length, out);
    assertTrue(sections[1].startsWith("signed Pod, POST /validate") && sections[1].contains("allowed: true"), out);
    assertTrue(sections[2].startsWith("unsigned Pod, POST /validate") && sections[2].contains("allowed: false")
        && sections[2].contains("no signature found"), out);
    assertTrue(sections[3].contains("allowed: true") && sections[3].contains("exit 0"), out);
    assertTrue(sections[4].contains("allowed: false") && sections[4].contains("exit 1"), out);
  }
}
