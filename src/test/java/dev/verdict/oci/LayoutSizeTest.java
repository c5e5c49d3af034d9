package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.UndecidableException;
import dev.verdict.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layout's index entry is a descriptor: the manifest it names must have its size, not only its digest. */
class LayoutSizeTest {
  @TempDir Path dir;

  @Test
  void manifest_indexEntrySizeOtherThanTheManifests_rejected() throws Exception {
    TestImages.Image img = TestImages.randomImage(false);
    Path p = TestImages.layout(dir).add(img, Map.of("org.opencontainers.image.ref.name", "v1")).write();
    Path index = p.resolve("index.json");
    String json = Files.readString(index, StandardCharsets.UTF_8);
    String size = "\"size\":" + img.bytes().length;
    String spaced = "\"size\": " + img.bytes().length;
    String wrong = json.contains(size) ? json.replace(size, "\"size\":" + (img.bytes().length + 1))
        : json.replace(spaced, "\"size\": " + (img.bytes().length + 1));
    assertEquals(false, wrong.equals(json), "index.json names the manifest's size");
    Files.writeString(index, wrong, StandardCharsets.UTF_8);
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> ImageSources.layout(p).manifest(Reference.parse("oci:" + p), "v1"));
    assertEquals("oci:" + p + ": manifest " + img.digest() + " has " + img.bytes().length
        + " bytes, its descriptor says " + (img.bytes().length + 1), e.getMessage());
  }
}
