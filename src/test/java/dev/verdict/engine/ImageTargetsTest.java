package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import dev.verdict.UsageException;
import dev.verdict.result.Origin;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTargetsTest {
  private static final InputStream NO_STDIN = InputStream.nullInputStream();

  @TempDir
  Path dir;

  @Test
  void collect_sameImageTwice_oneTargetWithEveryOrigin() throws Exception {
    Path file = Files.writeString(dir.resolve("images.txt"), "# comment\nghcr.io/acme/b:1\n\nghcr.io/acme/a:1 # x\n");

    List<ImageTarget> targets = ImageTargets.collect(List.of("ghcr.io/acme/a:1"), file, List.of(), NO_STDIN);

    assertEquals(List.of("ghcr.io/acme/a:1", "ghcr.io/acme/b:1"), targets.stream().map(ImageTarget::given).toList());
    assertEquals(List.of(Origin.COMMAND_LINE, new Origin(file.toString(), 4, 0, null)), targets.get(0).origins());
    assertEquals(List.of(new Origin(file.toString(), 2, 0, null)), targets.get(1).origins());
  }

  @Test
  void collect_imagesFileFromStandardInput_labelsItsOrigins() throws Exception {
    InputStream stdin = new ByteArrayInputStream("ghcr.io/acme/a:1\n".getBytes(StandardCharsets.UTF_8));

    List<ImageTarget> targets = ImageTargets.collect(List.of(), Path.of("-"), List.of(), stdin);

    assertEquals(List.of(new Origin("<stdin>", 1, 0, null)), targets.get(0).origins());
  }

  @Test
  void collect_standardInputNamedTwice_usageError() {
    UsageException e = assertThrows(UsageException.class,
        () -> ImageTargets.collect(List.of(), Path.of("-"), List.of(Path.of("-")), NO_STDIN));
    assertTrue(e.getMessage().contains("standard input (-) can be read once"), e.getMessage());
  }

  @Test
  void collect_badReferenceInFile_configErrorNamingFileAndLine() throws Exception {
    Path file = Files.writeString(dir.resolve("images.txt"), "ghcr.io/acme/a:1\nNot A Reference\n");

    ConfigException e = assertThrows(ConfigException.class,
        () -> ImageTargets.collect(List.of(), file, List.of(), NO_STDIN));
    assertTrue(e.getMessage().startsWith(file + ":2"), e.getMessage());
  }

  @Test
  void collect_nothing_usageError() {
    UsageException e = assertThrows(UsageException.class,
        () -> ImageTargets.collect(List.of(), null, List.of(), NO_STDIN));
    assertEquals("no images given (IMAGE..., --images-file, --manifests)", e.getMessage());
  }
}
