package dev.verdict.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compares rendered output with testdata/golden; {@code -Dverdict.updateGolden=true} rewrites the files. */
public final class GoldenFiles {
  private GoldenFiles() {}

  public static String render(Renderer r, Report report) throws IOException {
    StringWriter w = new StringWriter();
    r.render(report, w);
    return w.toString();
  }

  public static void assertMatches(String name, String actual) throws IOException {
    Path file = Path.of("testdata/golden", name);
    if (Boolean.getBoolean("verdict.updateGolden")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "golden file " + file);
  }
}
