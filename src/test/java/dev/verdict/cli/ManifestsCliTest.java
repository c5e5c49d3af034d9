package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify --manifests} through the CLI, with OCI layouts standing in for a registry. */
class ManifestsCliTest {
  private static final String KEY = "testdata/keys/cosign-test.pub";
  private static final String SIGNED = "oci:" + Path.of("testdata/layouts/hello").toAbsolutePath();
  private static final String UNSIGNED = "oci:" + Path.of("testdata/layouts/hello-unsigned").toAbsolutePath();

  @Test
  void verify_kindlessPodListItemInJson_itsUnsignedImageIsDenied(@TempDir Path dir) throws Exception {
    // kubectl get pods -o json: items carry no kind; with a signed image beside it, this was "1 image: 1 allowed"
    Path list = dir.resolve("pods.json");
    Files.writeString(list, "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{\"apiVersion\": \"v1\", "
        + "\"kind\": \"PodList\", \"items\": [{\"metadata\": {\"name\": \"p\"}, \"spec\": {\"containers\": "
        + "[{\"name\": \"a\", \"image\": \"" + UNSIGNED + "\"}]}}]}]}\n");
    Cli.Result r = Cli.run("verify", SIGNED, "--manifests", list.toString(), "--key", KEY, "-q");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("2 images: 1 allowed, 0 allowed with warnings, 1 denied"), r.toString());
  }

  @Test
  void verify_unsignedImageVolume_isDeniedAndReportedWithItsPointer(@TempDir Path dir) throws Exception {
    Path deploy = dir.resolve("deploy.yaml");
    Files.writeString(deploy, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n"
        + "    spec:\n      containers: [{name: a, image: '" + SIGNED + "'}]\n      volumes:\n      - name: models\n"
        + "        image: {reference: '" + UNSIGNED + "'}\n");
    Cli.Result r = Cli.run("verify", "--manifests", deploy.toString(), "--key", KEY, "-q", "--format", "json");
    assertEquals(1, r.code(), r.toString());
    String json = r.out();
    assertTrue(json.contains("\"path\":\"spec.template.spec.volumes[0].image.reference\","
        + "\"pointer\":\"/spec/template/spec/volumes/0/image/reference\""), json);
    assertTrue(json.contains("\"pointer\":\"/spec/template/spec/containers/0/image\""), json);
  }

  @Test
  void verify_kindlessItemOfPlainList_refusedWithOneLine(@TempDir Path dir) throws Exception {
    Path list = dir.resolve("list.yaml");
    Files.writeString(list, "apiVersion: v1\nkind: List\nitems:\n- spec:\n    containers: [{name: a, image: '"
        + UNSIGNED + "'}]\n");
    Cli.Result r = Cli.run("verify", SIGNED, "--manifests", list.toString(), "--key", KEY);
    assertEquals(3, r.code(), r.toString());
    assertEquals("verdict: " + list + ":4: items[0]: list item without a kind (kubectl refuses it; verdict cannot "
        + "tell which images it holds) (document 0)\n", r.err());
  }
}
