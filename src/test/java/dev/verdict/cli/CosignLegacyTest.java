package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.CosignLegacyFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The key-signed images of containers/image's cosign fixtures (signed by real cosign), rebuilt as OCI layouts and
 * verified through the CLI; expected verdicts from the table in testdata/cosign-legacy's origin README.
 */
class CosignLegacyTest {
  static final String SINGLE = "192.168.64.2:5000/cosign-signed-single-sample";
  static final String KEY = "testdata/cosign-legacy/cosign.pub";

  @TempDir
  Path tmp;

  Cli.Result verify(String fixture, String name, String... extra) {
    Path layout = CosignLegacyFixtures.layout(fixture, tmp.resolve(fixture), name);
    CosignLegacyFixtures.Converted c = CosignLegacyFixtures.convert(fixture);
    // without an image manifest the layout holds no image: ask for the signed digest, as a pull by digest would
    String ref = "oci:" + layout + (c.manifest() == null ? "@" + c.digest() : "");
    List<String> args = new java.util.ArrayList<>(List.of("verify", ref, "--key", KEY));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @CsvSource({
      "dir-img-cosign-valid, 192.168.64.2:5000/cosign-signed-single-sample:latest, 0",
      "dir-img-cosign-valid-2, 192.168.64.2:5000/cosign-signed-single-sample:latest, 0",
      "dir-img-cosign-mixed, 192.168.64.2:5000/cosign-signed-single-sample:latest, 0",
      "dir-img-cosign-valid-with-tag, 192.168.64.2:5000/skopeo-signed:tag, 0",
      "dir-img-cosign-valid, 192.168.64.2:5000/another-repository:latest, 1",
      "dir-img-cosign-modified-manifest, 192.168.64.2:5000/cosign-signed-single-sample:latest, 1",
      "dir-img-cosign-manifest-digest-error, 192.168.64.2:5000/cosign-signed-single-sample:latest, 1",
      "dir-img-cosign-no-manifest, 192.168.64.2:5000/cosign-signed-single-sample:latest, 1",
      "dir-img-cosign-other-attachment, 192.168.64.2:5000/cosign-signed-single-sample:latest, 1",
      "dir-img-unsigned, 192.168.64.2:5000/cosign-signed-single-sample:latest, 1"})
  void verify_cosignFixture_matchesExpectedVerdict(String fixture, String name, int expected) {
    Cli.Result r = verify(fixture, name);
    assertEquals(expected, r.code(), r.toString());
    assertTrue(r.out().startsWith(expected == 0 ? "ALLOW" : "DENY"), r.toString());
  }

  @Test
  void verify_validWithTag_exactIdentity_acceptsSignedTagOnly() {
    assertEquals(0, verify("dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:tag",
        "--signed-identity", "exact").code());
    Cli.Result other = verify("dir-img-cosign-valid-with-tag", "192.168.64.2:5000/skopeo-signed:other",
        "--signed-identity", "exact");
    assertEquals(1, other.code(), other.toString());
    assertTrue(other.out().contains("is not exactly 192.168.64.2:5000/skopeo-signed:other"), other.out());
  }

  @Test
  void verify_layoutWithoutName_needsRemap() {
    Cli.Result unnamed = verify("dir-img-cosign-valid", null);
    assertEquals(1, unnamed.code(), unnamed.toString());
    assertTrue(unnamed.out().contains("does not declare the image's name"), unnamed.out());
    Path layout = tmp.resolve("dir-img-cosign-valid");
    Cli.Result remapped = Cli.run("verify", "oci:" + layout, "--key", KEY,
        "--signed-identity-remap", "oci:" + layout + "=" + SINGLE);
    assertEquals(0, remapped.code(), remapped.toString());
  }

  @Test
  void verify_modifiedManifest_reportsTheDigestMismatch() {
    Cli.Result r = verify("dir-img-cosign-modified-manifest", SINGLE + ":latest");
    assertTrue(r.out().contains("signature is for sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00"),
        r.out());
  }

  @Test
  void verify_otherAttachment_isNotASignature() {
    Cli.Result r = verify("dir-img-cosign-other-attachment", SINGLE + ":latest");
    assertTrue(r.out().contains("text/plain is not a cosign simple-signing payload"), r.out());
  }

  @Test
  void verify_unknownKeySignature_denied() {
    CosignLegacyFixtures.Converted valid = CosignLegacyFixtures.convert("dir-img-cosign-valid");
    Path dir = tmp.resolve("unknown-key");
    TestImages.Layout layout = TestImages.layout(dir);
    layout.blob(valid.manifest());
    layout.entry(TestImages.withAnnotations(dev.verdict.oci.Descriptor.of(dev.verdict.oci.MediaTypes.DOCKER_MANIFEST,
        valid.digest(), valid.manifest().length), Map.of("org.opencontainers.image.ref.name", "latest",
        "io.containerd.image.name", SINGLE + ":latest")));
    layout.add(dev.verdict.testing.cosign.ClassicSigner.manifest(
        List.of(CosignLegacyFixtures.signatureFile("unknown-cosign-key.signature"))),
        Map.of("org.opencontainers.image.ref.name", valid.digest().tagPrefix() + ".sig"));
    layout.write();
    Cli.Result r = Cli.run("verify", "oci:" + dir, "--key", KEY);
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.out().contains("signature does not verify"), r.out());
  }

  @Test
  void verify_wrongKeyType_cosign2_denied() {
    Cli.Result r = verify("dir-img-cosign-valid", SINGLE + ":latest");
    assertEquals(0, r.code());
    Path layout = tmp.resolve("dir-img-cosign-valid");
    Cli.Result other = Cli.run("verify", "oci:" + layout, "--key", "testdata/cosign-legacy/cosign2.pub");
    assertEquals(1, other.code(), other.toString());
  }
}
