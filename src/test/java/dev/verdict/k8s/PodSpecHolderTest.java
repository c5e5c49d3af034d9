package dev.verdict.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The walker the admission webhook uses, over kubewarden's recorded AdmissionReview requests. */
class PodSpecHolderTest {
  static final Path ADMISSION = Path.of("testdata/manifests/admission");
  static final JsonMapper JSON = JsonMapper.builder().build();

  static Stream<Path> requests() throws Exception {
    return Files.list(ADMISSION).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  static List<ImageOccurrence> imagesOf(String fixture) throws Exception {
    JsonNode request = JSON.readTree(ADMISSION.resolve(fixture).toFile());
    return ManifestImages.fromPodSpecHolder(request.get("object"), request.at("/kind/kind").stringValue(),
        "admission:" + request.get("uid").stringValue());
  }

  @ParameterizedTest
  @MethodSource("requests")
  void fromPodSpecHolder_admissionRequest_everyPointerResolvesToItsImage(Path fixture) throws Exception {
    JsonNode object = JSON.readTree(fixture.toFile()).get("object");
    List<ImageOccurrence> found = imagesOf(fixture.getFileName().toString());

    long written = object.toString().split("\"image\"", -1).length - 1;
    assertEquals(written, found.size(), "every image field is found exactly once");
    for (ImageOccurrence o : found) {
      assertEquals(o.image(), object.at(o.jsonPointer()).stringValue());
      assertEquals(0, o.origin().line());
    }
  }

  @Test
  void fromPodSpecHolder_cronJob_findsJobTemplateImage() throws Exception {
    List<ImageOccurrence> found = imagesOf("cronjob_creation_signed.json");
    assertEquals(List.of("/spec/jobTemplate/spec/template/spec/containers/0/image"),
        found.stream().map(ImageOccurrence::jsonPointer).toList());
    assertEquals("ghcr.io/kubewarden/test-verify-image-signatures:signed", found.get(0).image());
    assertEquals("admission:1299d386-525b-4032-98ae-1949f69f9cfc", found.get(0).origin().file());
  }

  @Test
  void fromPodSpecHolder_podWithInitContainer_findsBothInFieldOrder() throws Exception {
    List<ImageOccurrence> found = imagesOf("pod_creation_with_init_container.json");
    assertEquals(List.of("nginx /spec/containers/0/image", "init /spec/initContainers/0/image"),
        found.stream().map(o -> o.image() + " " + o.jsonPointer()).toList());
    assertEquals("spec.initContainers[0].image", found.get(1).origin().path());
  }

  @Test
  void fromPodSpecHolder_podWithDigest_keepsReferenceAsWritten() throws Exception {
    assertEquals("nginx:v1.26@sha256:89102e348749bb17a6a651a4b2a17420e1a66d2a44a675b981973d49a5af3a5e",
        imagesOf("pod_creation_with_digest.json").get(0).image());
  }

  @Test
  void fromPodSpecHolder_kindFromObject_usedWhenNotGiven() throws Exception {
    JsonNode pod = JSON.readTree("{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x:1\"}]}}");
    assertEquals(List.of("/spec/containers/0/image"),
        ManifestImages.fromPodSpecHolder(pod, "test").stream().map(ImageOccurrence::jsonPointer).toList());
  }

  @Test
  void fromPodSpecHolder_podShapedObjectOfUnknownKind_findsItsImage() throws Exception {
    JsonNode other = JSON.readTree("{\"kind\":\"Widget\",\"spec\":{\"containers\":[{\"image\":\"x:1\"}]}}");
    assertEquals(List.of("/spec/containers/0/image"),
        ManifestImages.fromPodSpecHolder(other, "test").stream().map(ImageOccurrence::jsonPointer).toList());
  }

  @Test
  void fromPodSpecHolder_typedListOfDeployments_walksItems() throws Exception {
    JsonNode list = JSON.readTree("{\"kind\":\"DeploymentList\",\"items\":[{\"kind\":\"Deployment\",\"spec\":"
        + "{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x:1\"}]}}}}]}");
    assertEquals(List.of("/items/0/spec/template/spec/containers/0/image"),
        ManifestImages.fromPodSpecHolder(list, "test").stream().map(ImageOccurrence::jsonPointer).toList());
  }

  @Test
  void fromPodSpecHolder_deploymentTemplateNotAMapping_throwsNamingField() throws Exception {
    JsonNode bad = JSON.readTree("{\"spec\":{\"template\":\"oops\"}}");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ManifestImages.fromPodSpecHolder(bad, "Deployment", "admission:42"));
    assertEquals("admission:42: spec.template: must be a mapping", e.getMessage());
  }

  @Test
  void fromPodSpecHolder_emptyImage_throws() throws Exception {
    JsonNode bad = JSON.readTree("{\"spec\":{\"ephemeralContainers\":[{\"image\":\"\"}]}}");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ManifestImages.fromPodSpecHolder(bad, "Pod", "admission:42"));
    assertEquals("admission:42: spec.ephemeralContainers[0].image: image must be a non-empty string", e.getMessage());
  }

  @Test
  void fromPodSpecHolder_admittedPodWithImageVolume_findsTheVolumeImageWithItsPointer() throws Exception {
    JsonNode review = JSON.readTree(Path.of("testdata/manifests/admission-shapes/pod-create.json").toFile());
    JsonNode object = review.path("request").path("object");
    List<ImageOccurrence> found = ManifestImages.fromPodSpecHolder(object,
        review.path("request").path("kind").path("kind").stringValue(), "admission:pod-create");
    assertEquals(List.of("ghcr.io/acme/migrate:2.3 /spec/initContainers/0/image",
        "ghcr.io/acme/models:v7 /spec/volumes/0/image/reference"), found.stream()
        .filter(o -> o.image().contains("migrate") || o.image().contains("models"))
        .map(o -> o.image() + " " + o.jsonPointer()).toList());
    for (ImageOccurrence o : found) {
      assertEquals(o.image(), object.at(o.jsonPointer()).stringValue());
    }
    assertEquals(4, found.size(), found.toString());
  }
}
