package dev.verdict.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import dev.verdict.result.Origin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestImagesTest {
  static final Path VALID = Path.of("testdata/manifests/valid");
  static final Path INVALID = Path.of("testdata/manifests/invalid");

  /** image @ line, document, path: one line per finding, easy to compare and to read in a failure. */
  static List<String> describe(List<ImageOccurrence> found) {
    return found.stream().map(o -> o.image() + " @" + o.origin().line() + " doc" + o.origin().document() + " "
        + o.origin().path()).toList();
  }

  static List<ImageOccurrence> extract(Path... paths) throws ConfigException {
    return ManifestImages.extract(List.of(paths));
  }

  @Test
  void extract_helmRenderedChart_findsEveryWorkloadImageAtItsLine() throws Exception {
    List<ImageOccurrence> found = extract(VALID.resolve("helm/rendered.yaml"));

    assertEquals(List.of(
        "ghcr.io/acme/shop:1.4.0 @40 doc3 spec.template.spec.containers[0].image",
        "docker.io/envoyproxy/envoy:v1.30.1 @44 doc3 spec.template.spec.containers[1].image",
        "ghcr.io/acme/shop-migrate:1.4.0 @36 doc3 spec.template.spec.initContainers[0].image",
        "docker.io/library/postgres:16.3 @57 doc4 spec.template.spec.containers[0].image",
        "ghcr.io/acme/agent@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef @69 doc5"
            + " spec.template.spec.containers[0].image",
        "ghcr.io/acme/shop-migrate:1.4.0 @82 doc6 spec.template.spec.containers[0].image",
        "ghcr.io/acme/report:2.0.0 @98 doc7 spec.jobTemplate.spec.template.spec.containers[0].image"),
        describe(found));
    assertTrue(found.stream().allMatch(o -> o.origin().file().equals(VALID.resolve("helm/rendered.yaml").toString())));
  }

  @Test
  void extract_podWithAllContainerLists_findsInitAndEphemeralContainers() throws Exception {
    assertEquals(List.of(
        "ghcr.io/acme/shop:1.4.0 @11 doc0 spec.containers[0].image",
        "busybox:1.36 @8 doc0 spec.initContainers[0].image",
        "docker.io/nicolaka/netshoot:v0.13 @14 doc0 spec.ephemeralContainers[0].image"),
        describe(extract(VALID.resolve("plain/pod.yaml"))));
  }

  @Test
  void extract_replicaSetAndReplicationController_findsBoth() throws Exception {
    assertEquals(List.of(
        "registry.example.com:5000/legacy/app:0.9 @11 doc0 spec.template.spec.containers[0].image",
        "registry.example.com:5000/legacy/app:0.9 @21 doc1 spec.template.spec.containers[0].image"),
        describe(extract(VALID.resolve("plain/replicasets.yml"))));
  }

  @Test
  void extract_kindList_readsItemsAndIgnoresConfigMapData() throws Exception {
    assertEquals(List.of("quay.io/acme/listed:3 @20 doc0 items[1].spec.template.spec.containers[0].image"),
        describe(extract(VALID.resolve("plain/list.yaml"))));
  }

  @Test
  void extract_anchorsAliasesAndMergeKeys_reportsTheReferencingLine() throws Exception {
    assertEquals(List.of(
        "ghcr.io/acme/anchored:1.0 @12 doc0 spec.template.spec.containers[0].image",
        "ghcr.io/acme/anchored:1.0 @14 doc0 spec.template.spec.containers[1].image",
        "ghcr.io/acme/anchored:1.0 @17 doc0 spec.template.spec.containers[2].image"),
        describe(extract(VALID.resolve("plain/anchors.yaml"))));
  }

  @Test
  void extract_customResources_readsPodTemplatesOnlyAndIgnoresTheCrd() throws Exception {
    assertEquals(List.of(
        "ghcr.io/acme/canary:5.1 @29 doc1 spec.template.spec.containers[0].image",
        "ghcr.io/acme/batch:7 @43 doc2 spec.jobTemplate.spec.template.spec.containers[0].image"),
        describe(extract(VALID.resolve("crd/rollout.yaml"))));
  }

  @Test
  void extract_tabIndentedJson_findsImageAtItsLine() throws Exception {
    assertEquals(List.of("ghcr.io/acme/json:1 @11 doc0 spec.template.spec.containers[0].image"),
        describe(extract(VALID.resolve("plain/deployment.json"))));
  }

  @Test
  void extract_directory_readsManifestFilesRecursivelyInSortedOrder() throws Exception {
    List<String> files = extract(VALID).stream().map(o -> o.origin().file()).distinct().toList();

    assertEquals(List.of("crd/rollout.yaml", "helm/rendered.yaml", "plain/anchors.yaml", "plain/deployment.json",
        "plain/list.yaml", "plain/pod.yaml", "plain/replicasets.yml").stream().map(f -> VALID.resolve(f).toString())
        .toList(), files);
  }

  @Test
  void extract_wholeCorpus_everyLineHoldsItsImageField() throws Exception {
    List<ImageOccurrence> found = extract(VALID);

    assertEquals(19, found.size());
    for (ImageOccurrence o : found) {
      List<String> lines = Files.readAllLines(Path.of(o.origin().file()));
      String line = lines.get(o.origin().line() - 1);
      String next = o.origin().line() < lines.size() ? lines.get(o.origin().line()) : "";
      assertTrue(line.contains("image") || line.contains("<<"), o + " points at: " + line);
      assertTrue(line.contains(o.image()) || line.contains("*") || next.contains(o.image()), o + ": " + line);
    }
  }

  @Test
  void extract_sameFileTwice_readsItOnce() throws Exception {
    Path pod = VALID.resolve("plain/pod.yaml");
    assertEquals(3, extract(pod, pod, VALID.resolve("plain/../plain/pod.yaml")).size());
  }

  @Test
  void byImage_duplicateReferences_groupsEveryPlaceInFirstSeenOrder() throws Exception {
    Map<String, List<Origin>> grouped = ManifestImages.byImage(extract(VALID));

    assertEquals(14, grouped.size());
    assertEquals(List.of(VALID.resolve("helm/rendered.yaml") + ":40", VALID.resolve("plain/pod.yaml") + ":11"),
        grouped.get("ghcr.io/acme/shop:1.4.0").stream().map(o -> o.file() + ":" + o.line()).toList());
    assertEquals(List.of(36, 82), grouped.get("ghcr.io/acme/shop-migrate:1.4.0").stream().map(Origin::line).toList());
    assertEquals("ghcr.io/acme/canary:5.1", grouped.keySet().iterator().next());
  }

  @Test
  void jsonPointer_listItemPath_isRfc6901Pointer() throws Exception {
    ImageOccurrence listed = extract(VALID.resolve("plain/list.yaml")).get(0);
    assertEquals("/items/1/spec/template/spec/containers/0/image", listed.jsonPointer());
  }

  @Test
  void extract_missingPath_throwsNamingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(VALID.resolve("nope.yaml")));
    assertEquals(VALID.resolve("nope.yaml") + ": no such manifest file or directory", e.getMessage());
  }

  @Test
  void extract_unclosedFlowSequence_throwsWithFileAndLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(INVALID.resolve("unclosed-flow.yaml")));
    assertEquals(INVALID.resolve("unclosed-flow.yaml").toString(), e.file());
    assertEquals(8, e.line());
    assertTrue(e.getMessage().contains("invalid YAML: expected ',' or ']'"), e.getMessage());
  }

  @Test
  void extract_badIndentation_throwsAtTheOffendingLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(INVALID.resolve("bad-indent.yaml")));
    assertEquals(9, e.line());
    assertTrue(e.getMessage().startsWith(INVALID.resolve("bad-indent.yaml") + ":9:"), e.getMessage());
  }

  @Test
  void extract_containerWithoutImage_throwsNamingFieldAndDocument() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(INVALID.resolve("missing-image.yaml")));
    assertEquals(INVALID.resolve("missing-image.yaml") + ":12: spec.template.spec.containers[0].image: image is"
        + " required (document 1)", e.getMessage());
  }

  @Test
  void extract_duplicateImageKey_throwsInsteadOfPickingOne() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> extract(INVALID.resolve("duplicate-image-key.yaml")));
    assertEquals(INVALID.resolve("duplicate-image-key.yaml") + ":7:5: spec.containers[0].image: duplicate key"
        + " 'image'", e.getMessage());
  }

  @Test
  void extract_containersNotAList_throws() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> extract(INVALID.resolve("containers-not-list.yaml")));
    assertEquals(INVALID.resolve("containers-not-list.yaml") + ":7: spec.template.spec.containers: must be a list of"
        + " containers (document 0)", e.getMessage());
  }

  @Test
  void extract_imageNotAString_throws() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(INVALID.resolve("image-not-string.yaml")));
    assertEquals(INVALID.resolve("image-not-string.yaml") + ":6: spec.containers[0].image: image must be a"
        + " non-empty string (document 0)", e.getMessage());
  }

  @Test
  void extract_truncatedJson_throwsInvalidJson() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(INVALID.resolve("truncated.json")));
    assertEquals(INVALID.resolve("truncated.json").toString(), e.file());
    assertTrue(e.line() >= 4, "line " + e.line());
    assertTrue(e.problem().startsWith("invalid JSON: Unexpected end-of-input"), e.problem());
  }

  @Test
  void extract_documentThatIsNotAnObject_throws() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(INVALID.resolve("scalar-document.yaml")));
    assertEquals(INVALID.resolve("scalar-document.yaml") + ":5: must be a Kubernetes object (a mapping) (document 1)",
        e.getMessage());
  }

  @Test
  void extract_aliasBomb_stopsAtTheNodeBudget() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(INVALID.resolve("laughs.yaml")));
    assertTrue(e.problem().contains("too many aliases expanded"), e.getMessage());
  }

  @Test
  void extract_invalidDirectory_failsOnFirstBrokenFileInOrder() {
    ConfigException e = assertThrows(ConfigException.class, () -> extract(INVALID));
    assertEquals(INVALID.resolve("bad-indent.yaml").toString(), e.file());
  }

  @Test
  void extract_emptyAndCommentOnlyFiles_findNothing() throws IOException, ConfigException {
    Path dir = Files.createTempDirectory("manifests");
    Files.writeString(dir.resolve("empty.yaml"), "");
    Files.writeString(dir.resolve("comments.yml"), "# nothing\n---\n---\n");
    assertEquals(List.of(), extract(dir));
  }
}
