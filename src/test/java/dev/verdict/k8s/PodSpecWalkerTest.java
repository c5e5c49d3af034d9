package dev.verdict.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The walker's rule: every image a kubelet would pull is found, or the file is refused. */
class PodSpecWalkerTest {
  private static final Path PLANTED = Path.of("testdata/manifests/planted");
  private static final Pattern IMAGE = Pattern.compile("ghcr\\.io/planted/[a-z0-9-]+:1");

  @ParameterizedTest
  @ValueSource(strings = {"everywhere.yaml", "everywhere.json"})
  void extract_imagesPlantedEverywhere_eachFoundOnceAtItsPointer(String name) throws Exception {
    Path file = PLANTED.resolve(name);
    List<String> planted = new ArrayList<>();
    Matcher m = IMAGE.matcher(Files.readString(file));
    while (m.find()) {
      planted.add(m.group());
    }
    List<ImageOccurrence> found = ManifestImages.extract(List.of(file));
    assertEquals(planted.stream().sorted().toList(), found.stream().map(ImageOccurrence::image).sorted().toList());
    List<LocatedDocument> documents = ManifestFiles.read(file);
    for (ImageOccurrence o : found) {
      assertEquals(o.image(), documents.get(o.origin().document()).root().at(o.jsonPointer()).stringValue(),
          o.toString());
      assertEquals(o.origin().pointer(), o.jsonPointer());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"everywhere.yaml", "everywhere.json"})
  void extract_kindlessItemOfTypedList_readsItAsTheElementKind(String name) throws Exception {
    List<String> pointers = ManifestImages.extract(List.of(PLANTED.resolve(name))).stream()
        .filter(o -> o.image().contains("kindless")).map(ImageOccurrence::jsonPointer).toList();
    assertTrue(pointers.contains("/items/0/spec/containers/0/image")
        || pointers.contains("/items/0/items/0/spec/containers/0/image"), pointers.toString());
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("kindless item of a plain List",
            "apiVersion: v1\nkind: List\nitems:\n- spec:\n    containers: [{name: a, image: x:1}]\n",
            ":4: items[0]: list item without a kind"),
        Arguments.of("items not a list",
            "apiVersion: v1\nkind: PodList\nitems: {spec: {containers: [{image: x:1}]}}\n",
            ":3: items: items of a PodList must be a list"),
        Arguments.of("image volume without reference",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{image: x:1}]\n"
                + "      volumes: [{name: v, image: {pullPolicy: Always}}]\n",
            ":7: spec.template.spec.volumes[0].image.reference: image volume without reference"),
        Arguments.of("image volume that is not a mapping",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: x:1}]\n  volumes: [{name: v, image: x:2}]\n",
            ":5: spec.volumes[0].image: an image volume must be a mapping"),
        Arguments.of("volumes not a list",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: x:1}]\n  volumes: {image: {reference: x:2}}\n",
            ":5: spec.volumes: must be a list of volumes"),
        Arguments.of("helm-style image mapping in a custom resource",
            "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  values:\n    image:\n"
                + "      repository: ghcr.io/acme/app\n      tag: '1'\n",
            ":6: spec.values.image: image is a mapping without reference"),
        Arguments.of("image that is a number in a custom resource",
            "apiVersion: example.com/v1\nkind: Thing\nspec:\n  image: 12\n",
            ":4: spec.image: image must be an image reference (a string)"),
        Arguments.of("empty image in a custom resource",
            "apiVersion: example.com/v1\nkind: Thing\nspec:\n  steps: [{image: ''}]\n",
            ":4: spec.steps[0].image: image must be a non-empty string"),
        Arguments.of("kind that is not a string",
            "apiVersion: v1\nkind: [Pod]\nspec:\n  containers: [{image: x:1}]\n",
            ":2: kind: kind must be a string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void extract_imageTheWalkerCannotRead_refusesNamingLineAndField(String name, String yaml, String expected,
      @TempDir Path dir) throws IOException {
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> ManifestImages.extract(List.of(file)));
    assertTrue(e.getMessage().startsWith(file + expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }
}
