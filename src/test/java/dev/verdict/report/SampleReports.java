package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import dev.verdict.result.Report;


import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A fixed report covering every decision and origin kind, and a golden-file comparison for renderers. */
final class SampleReports {
  static final String DIGEST_SHOP = "sha256:" + "a1".repeat(32);
  static final String DIGEST_LEGACY = "sha256:" + "b2".repeat(32);
  static final String DIGEST_BUSYBOX = "sha256:" + "c3".repeat(32);
  static final String DIGEST_TOOL = "sha256:" + "d4".repeat(32);
  static final String PRODUCTION = "policies/production.yaml";
  static final String BASELINE = "policies/baseline.yaml";
  static final String HELM = "deploy/rendered.yaml";

  private SampleReports() {}

  /**
   * allow (two manifest places), deny with failing checks (command line), error (manifest), warn (two policies,
   * command line), deny without a matching policy, and a check whose text needs escaping in every format.
   */
  static Report sample() {
    ImageResult allow = new ImageResult("ghcr.io/acme/shop:1.4.0", DIGEST_SHOP, null, null, List.of("production"),
        List.of(PRODUCTION), Decision.ALLOW, List.of(
            Check.of("policy.match", null, Status.PASS, "matched by production", "ghcr.io/acme/**",
                "ghcr.io/acme/shop:1.4.0"),
            Check.of("signature.key", "release-key", Status.PASS, "signature verified", "signed by release-key",
                "1 valid signature").withEvidence(Map.of("signature", "sha256:" + "e5".repeat(32))),
            Check.of("attestation.predicate", "provenance", Status.PASS, "provenance verified",
                "https://slsa.dev/provenance/v1", "https://slsa.dev/provenance/v1")),
        List.of(new Origin(HELM, 40, 3, "spec.template.spec.containers[0].image"),
            new Origin("deploy/pod.yaml", 11, 0, "spec.containers[0].image")));
    ImageResult deny = new ImageResult("ghcr.io/acme/legacy:0.9", DIGEST_LEGACY, "linux/amd64",
        "sha256:" + "f6".repeat(32), List.of("production"), List.of(PRODUCTION), Decision.DENY, List.of(
            Check.of("signature.key", "release-key", Status.FAIL, "no signature verified with release-key",
                "a signature by release-key", "2 signatures, none by release-key"),
            Check.of("attestation.predicate", "provenance", Status.FAIL, "no verified attestation",
                "https://slsa.dev/provenance/v1", null),
            Check.of("sbom.license", "sbom", Status.WARN, "denied license <AGPL-3.0-only> & GPL | 100% bad,\n"
                + "second line: see [docs](http://x)", "no AGPL", "a|b <c> & 5%"),
            Check.of("vulnerability.max", null, Status.SKIP, "not required by the policy", null, null)),
        List.of(Origin.COMMAND_LINE));
    ImageResult error = new ImageResult("registry.example.com:5000/internal/tool:latest", null, null, null,
        List.of("baseline"), List.of(BASELINE), Decision.ERROR, List.of(
            Check.of("resolve.digest", null, Status.ERROR, "registry unreachable: connection refused",
                "a digest for the tag", null)),
        List.of(new Origin(HELM, 69, 5, "spec.template.spec.containers[0].image")));
    ImageResult warn = new ImageResult("docker.io/library/busybox:1.36", DIGEST_BUSYBOX, null, null,
        List.of("production", "baseline"), List.of(PRODUCTION, BASELINE), Decision.WARN, List.of(
            Check.of("signature.keyless", "ci", Status.WARN, "no keyless signature (policy mode warn)",
                "issuer https://token.actions.githubusercontent.com", "none")),
        List.of(Origin.COMMAND_LINE));
    ImageResult unmatched = new ImageResult("quay.io/other/tool@" + DIGEST_TOOL, DIGEST_TOOL, null, null,
        List.of(), List.of(), Decision.DENY, List.of(
            Check.of("policy.match", null, Status.FAIL, "no policy matches this image", "a matching policy",
                "none")),
        List.of(Origin.COMMAND_LINE));
    return Report.of("1.2.3", List.of(allow, deny, error, warn, unmatched));
  }

  static String render(Renderer renderer, Report report) {
    StringWriter out = new StringWriter();
    try {
      renderer.render(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Compares with {@code testdata/golden/NAME}; run with {@code -Dverdict.golden.update=true} to rewrite the file
   * after a deliberate change (then review the diff).
   */
  static String golden(String name, String actual) throws IOException {
    Path file = Path.of("testdata/golden", name);
    if (Boolean.getBoolean("verdict.golden.update")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
