package dev.verdict.testing.cosign;

import dev.verdict.attestation.Envelopes;
import dev.verdict.oci.Digest;
import dev.verdict.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

/**
 * Writes the evidence the example policies' tests use (policies/tests/sbom-licenses.test.yaml,
 * vulnerability-budget.test.yaml): an OCI layout {@code testdata/layouts/shop-web} naming
 * {@code registry.example.com/shop/web:1.0}, and DSSE attestations about it under {@code testdata/attestations/}
 * signed with a throw-away key whose public half is {@code testdata/keys/attest-test.pub} (and one signed with
 * another key). Run once; the output is committed. Existing output is kept, so digests stay stable.
 */
public final class ExamplePolicyFixtures {
  static final String IN_TOTO = "application/vnd.in-toto+json";

  private ExamplePolicyFixtures() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Path layout = root.resolve("testdata/layouts/shop-web");
    if (Files.exists(layout)) {
      System.out.println(layout + " exists; delete it and testdata/attestations/shop-web.* to regenerate");
      return;
    }
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    KeyPair other = ClassicSigner.ecKey("secp256r1");
    TestImages.Image image = TestImages.randomImage(false);
    TestImages.layout(layout).add(image, Map.of("org.opencontainers.image.ref.name", "1.0",
        "io.containerd.image.name", "registry.example.com/shop/web:1.0")).write();
    Digest d = image.digest();
    Path out = Files.createDirectories(root.resolve("testdata/attestations"));
    String cdx = "https://cyclonedx.org/bom";
    Map<String, String> sboms = Map.of("clean", sbom(""),
        "log4j", sbom(",{\"type\":\"library\",\"name\":\"log4j-core\","
            + "\"group\":\"org.apache.logging.log4j\",\"version\":\"2.14.1\",\"supplier\":{\"name\":\"Apache\"},"
            + "\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\","
            + "\"licenses\":[{\"license\":{\"id\":\"Apache-2.0\"}}]}"),
        "agpl", sbom(",{\"type\":\"library\",\"name\":\"ghostscript\","
            + "\"version\":\"10.0.0\",\"supplier\":{\"name\":\"Artifex\"},\"purl\":\"pkg:generic/ghostscript@10.0.0\","
            + "\"licenses\":[{\"license\":{\"id\":\"AGPL-3.0-only\"}}]}"));
    for (Map.Entry<String, String> e : sboms.entrySet()) {
      write(out, "shop-web.sbom-" + e.getKey() + ".dsse.json", key, cdx, e.getValue(), d);
      // The same SBOMs unsigned, for the sbom: cases of policies/tests/sbom-licenses.test.yaml.
      Files.writeString(root.resolve("testdata/sbom/shop-web." + e.getKey() + ".cdx.json"), e.getValue());
    }
    write(out, "shop-web.sbom-other-key.dsse.json", other, cdx, sbom(""), d);
    String vuln = "https://cosign.sigstore.dev/attestation/vuln/v1";
    write(out, "shop-web.vuln-low.dsse.json", key, vuln, scan("{\"VulnerabilityID\":\"CVE-2024-0001\","
        + "\"PkgName\":\"zlib\",\"InstalledVersion\":\"1.3\",\"Severity\":\"LOW\"}"), d);
    write(out, "shop-web.vuln-log4shell.dsse.json", key, vuln, scan("{\"VulnerabilityID\":\"CVE-2021-44228\","
        + "\"PkgName\":\"log4j-core\",\"InstalledVersion\":\"2.14.1\",\"Severity\":\"CRITICAL\"}"), d);
    Files.writeString(root.resolve("testdata/keys/attest-test.pub"), ClassicSigner.pem(key));
    System.out.println("wrote " + layout + " (" + d + ") and attestations under " + out);
  }

  private static void write(Path dir, String name, KeyPair key, String type, String predicate, Digest d)
      throws IOException {
    Files.write(dir.resolve(name), Envelopes.signed(key, IN_TOTO, Envelopes.statement(type, predicate,
        d.toString())));
  }

  /** A CycloneDX 1.5 SBOM with the NTIA elements, made 2026-11-20, with two MIT components plus {@code extra}. */
  private static String sbom(String extra) {
    return "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,"
        + "\"metadata\":{\"timestamp\":\"2026-11-20T00:00:00Z\",\"authors\":[{\"name\":\"shop CI\"}],"
        + "\"component\":{\"type\":\"container\",\"name\":\"shop-web\",\"version\":\"1.0\"}},"
        + "\"components\":[{\"type\":\"library\",\"name\":\"express\",\"version\":\"4.21.1\","
        + "\"supplier\":{\"name\":\"OpenJS\"},\"purl\":\"pkg:npm/express@4.21.1\","
        + "\"licenses\":[{\"license\":{\"id\":\"MIT\"}}]},"
        + "{\"type\":\"library\",\"name\":\"lodash\",\"version\":\"4.17.21\",\"supplier\":{\"name\":\"OpenJS\"},"
        + "\"purl\":\"pkg:npm/lodash@4.17.21\",\"licenses\":[{\"expression\":\"MIT OR AGPL-3.0-only\"}]}"
        + extra + "]}";
  }

  /** A cosign vuln predicate with a Trivy result holding {@code finding}, finished 2026-11-22. */
  private static String scan(String finding) {
    return "{\"invocation\":{\"uri\":\"\",\"event_id\":\"\",\"builder.id\":\"\"},"
        + "\"scanner\":{\"uri\":\"pkg:github/aquasecurity/trivy@0.50.0\",\"version\":\"0.50.0\","
        + "\"result\":{\"SchemaVersion\":2,\"Results\":[{\"Target\":\"shop-web\",\"Vulnerabilities\":[" + finding
        + "]}]}},\"metadata\":{\"scanStartedOn\":\"2026-11-22T10:00:00Z\",\"scanFinishedOn\":\"2026-11-22T10:01:00Z\"}}";
  }
}
