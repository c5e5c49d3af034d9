package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

  @Test
  void verify_manifestsFromStdin_readsYamlAndNamesStdinAsTheOrigin() {
    String yaml = "# helm template ... |\n---\napiVersion: v1\nkind: PodList\nitems:\n- spec:\n    containers:\n"
        + "    - {name: a, image: '" + UNSIGNED + "'}\n";
    Cli.Result r = Cli.runWithInput(yaml, "verify", SIGNED, "--manifests", "-", "--key", KEY, "-q");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("from: <stdin>:8 (items[0].spec.containers[0].image)"), r.toString());
  }

  @Test
  void verify_tabIndentedJsonFromStdin_isReadAsJson() {
    String json = "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Pod\",\n\t\"spec\": {\"containers\": [\n"
        + "\t\t{\"name\": \"a\", \"image\": \"" + SIGNED + "\"}]}}\n";
    Cli.Result r = Cli.runWithInput(json, "verify", "--manifests", "-", "--key", KEY, "-q");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("1 image: 1 allowed"), r.toString());
  }

  @Test
  void verify_imagesFileFromStdin_verifiesEachLine() {
    Cli.Result r = Cli.runWithInput("# from a pipe\n" + SIGNED + "\n" + UNSIGNED + "\n", "verify", "--images-file",
        "-", "--key", KEY, "-q");
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("from: <stdin>:3"), r.toString());
  }

  @Test
  void verify_stdinNamedTwice_isAUsageError() {
    Cli.Result r = Cli.runWithInput(SIGNED + "\n", "verify", "--images-file", "-", "--manifests", "-", "--key", KEY);
    assertEquals(2, r.code(), r.toString());
    assertEquals("verdict: standard input (-) can be read once: give - to one of --manifests and --images-file\n",
        r.err());
  }

  @Test
  void verify_endlessStdin_stopsAtTheCap() {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'a';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        Arrays.fill(b, off, off + len, (byte) 'a');
        return len;
      }
    };
    Cli.Result r = Cli.runWithInput(endless, "verify", "--images-file", "-", "--key", KEY);
    assertEquals(3, r.code(), r.toString());
    assertEquals("verdict: <stdin>: cannot read images file: is larger than 16 MiB\n", r.err());
  }

  @Test
  void verify_unrenderedHelmTemplateOnStdin_hintsAtItsLine() {
    String template = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"app.fullname\" . }}\n"
        + "spec:\n  template:\n    spec:\n      containers:\n      - name: app\n"
        + "        image: {{ .Values.image.repository }}:{{ .Values.image.tag }}\n";
    Cli.Result r = Cli.runWithInput(template, "verify", "--manifests", "-", "--key", KEY);
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("verdict: <stdin>:10: unrendered Helm template ({{ ... }}); render it first"),
        r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void verify_quotedHelmTemplateImageInAFile_hintsAtItsLine(@TempDir Path dir) throws Exception {
    // valid YAML, so only the image value shows the template was never rendered
    Path file = dir.resolve("deploy.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n"
        + "    image: \"{{ .Values.image }}\"\n");
    Cli.Result r = Cli.run("verify", "--manifests", file.toString(), "--key", KEY);
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("verdict: " + file + ":6: spec.containers[0].image: unrendered Helm template"),
        r.toString());
  }
}
