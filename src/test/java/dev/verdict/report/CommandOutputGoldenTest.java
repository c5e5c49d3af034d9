package dev.verdict.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.discovery.Inventory;
import dev.verdict.engine.ArtifactVerification;
import dev.verdict.engine.Inspection;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.Platform;
import dev.verdict.result.Check;
import dev.verdict.result.Status;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text and JSON views of {@code inspect} and {@code verify-artifact} against golden files captured before they moved here. */
class CommandOutputGoldenTest {
  static final Digest INDEX = Digest.parse("sha256:" + "a1".repeat(32));

  /** An index with two platforms and one of every kind of attached item, details needing escaping in JSON. */
  static Inventory inventory() {
    Map<String, String> sig = new LinkedHashMap<>();
    sig.put("mediaType", "application/vnd.dev.cosign.simplesigning.v1+json");
    sig.put("claimedSigner", "https://github.com/acme/shop/.github/workflows/release.yml@refs/tags/v1.4.0");
    sig.put("issuer", "https://token.actions.githubusercontent.com");
    Map<String, String> att = Map.of("predicateType", "https://slsa.dev/provenance/v1",
        "note", "a \"quoted\" value\\with a backslash");
    return new Inventory("ghcr.io/acme/shop:1.4.0", INDEX, "application/vnd.oci.image.index.v1+json",
        List.of(new Descriptor("application/vnd.oci.image.manifest.v1+json",
                Digest.parse("sha256:" + "b2".repeat(32)), 1234, Map.of(), null, new Platform("linux", "arm64", "v8")),
            Descriptor.of("application/vnd.oci.image.manifest.v1+json", Digest.parse("sha256:" + "c3".repeat(32)),
                99)),
        List.of(new Inventory.Item("signature", "sha256-" + "a1".repeat(32) + ".sig", sig),
            new Inventory.Item("attestation", "sha256-" + "a1".repeat(32) + ".att", att),
            new Inventory.Item("sbom", "sha256-" + "a1".repeat(32) + ".sbom", Map.of()),
            new Inventory.Item("referrer", "sha256:" + "d4".repeat(32),
                Map.of("artifactType", "application/vnd.example+json"))));
  }

  static Inventory bare() {
    return new Inventory("oci:build/layout:latest", INDEX, "application/vnd.oci.image.manifest.v1+json", List.of(),
        List.of());
  }

  /** The checks of a verification, with and without expected and found. */
  static List<Check> checks() {
    return List.of(
        Check.of("bundle.format", null, Status.PASS, "Sigstore bundle v0.3", null, null),
        Check.of("certificate.identity", null, Status.FAIL, "identity does not match",
            "subject ~/^.*@example\\.com$/, issuer https://accounts.google.com",
            "subject appu@google.com, issuer \"https://accounts.google.com\""),
        Check.of("tlog.inclusion", null, Status.PASS, "log index 41958702, integrated 2023-10-11T14:28:04Z",
            "an inclusion proof", null),
        Check.of("sct", null, Status.SKIP, "not required", null, "none"));
  }

  private static Inspection found(Inventory inventory) {
    return new Inspection(inventory.reference(), inventory, null);
  }

  static String golden(String name, String actual) throws Exception {
    Path file = Path.of("testdata/golden", name);
    if (Boolean.getBoolean("verdict.golden.update")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static String artifact(String format, boolean verified) {
    StringWriter w = new StringWriter();
    ArtifactRenderer.render(format, new ArtifactVerification.Result(verified, verified ? "message-signature" : null,
        checks(), verified ? null : "certificate identity does not match"), w);
    return w.toString();
  }

  @Test
  void inspect_text_matchesGolden() throws Exception {
    String out = InspectRenderer.text(found(inventory())) + InspectRenderer.text(found(bare()));
    assertEquals(golden("inspect.txt", out), out);
  }

  @Test
  void inspect_json_matchesGolden() throws Exception {
    String out = InspectRenderer.json(found(inventory())) + InspectRenderer.json(found(bare()));
    assertEquals(golden("inspect.json", out), out);
  }

  @Test
  void verifyArtifact_text_matchesGolden() throws Exception {
    String out = artifact("text", true) + artifact("text", false);
    assertEquals(golden("verify-artifact.txt", out), out);
  }

  @Test
  void verifyArtifact_json_matchesGolden() throws Exception {
    String out = artifact("json", true) + artifact("json", false);
    assertEquals(golden("verify-artifact.json", out), out);
  }
}
