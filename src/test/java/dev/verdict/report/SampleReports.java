package dev.verdict.report;

import java.util.List;
import java.util.Map;

/** A fixed report covering every decision, used by the renderer golden tests. */
public final class SampleReports {
  private SampleReports() {}

  static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  public static Report mixed() {
    String d1 = "sha256:" + "a".repeat(64);
    String d2 = "sha256:" + "b".repeat(64);
    ImageResult allowed = new ImageResult("ghcr.io/acme/app:1.0", d1, null, null, List.of("production"),
        List.of("policies/production.yaml"), Decision.ALLOW, List.of(
            Check.of("image.resolve", null, Status.PASS, "resolved to " + d1, "tag 1.0", d1),
            new Check("signature", "release-key", Status.PASS, "signed by release-key",
                "a valid signature by release-key", "ecdsa-p256 key sha256:0123456789abcdef",
                ordered("signature", "sha256-aaaa.sig layer 1", "docker-reference", "ghcr.io/acme/app")),
            Check.of("signatures.threshold", null, Status.PASS, "1 of 1 required authorities signed",
                "1 of [release-key]", "[release-key]")),
        List.of(Origin.COMMAND_LINE));
    ImageResult denied = new ImageResult("ghcr.io/acme/web:2.0", d2, null, null, List.of("production"),
        List.of("policies/production.yaml"), Decision.DENY, List.of(
            Check.of("image.resolve", null, Status.PASS, "resolved to " + d2, "tag 2.0", d2),
            new Check("signature", "release-key", Status.FAIL,
                "no valid signature by release-key: signature 1: signature does not verify | <tampered> & \"quoted\"",
                "a valid signature by release-key", "1 signature(s), none valid",
                Map.of("rejected.1", "signature 1: signature does not verify")),
            Check.of("signatures.threshold", null, Status.FAIL, "only 0 of the 1 required authorities signed",
                "1 of [release-key]", "none")),
        List.of(new Origin("deploy/web.yaml", 17, 1, "spec.template.spec.containers[0].image")));
    ImageResult error = new ImageResult("registry.internal/app:3", null, null, null, List.of(), List.of(),
        Decision.ERROR, List.of(Check.of("image.verify", null, Status.ERROR,
            "registry.internal: connection refused", "a decision", "error")),
        List.of(Origin.COMMAND_LINE));
    return Report.of("1.2.3", List.of(allowed, denied, error));
  }
}
