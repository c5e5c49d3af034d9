package dev.verdict.sigstore;

import dev.verdict.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** One line of testdata/sigstore-bundles/cases.jsonl, and how to run it through the verifier. */
record BundleCase(String id, String expect, String why, List<String> identities, String issuer, Integer tlogThreshold,
    Integer ctlogThreshold, String artifactDigest, String bundle, String artifact, String trustedRoot, String key) {
  static final Path DIR = Path.of("testdata/sigstore-bundles");

  static List<BundleCase> all() throws IOException {
    List<BundleCase> out = new ArrayList<>();
    for (String line : Files.readAllLines(DIR.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = Json.read(line.getBytes(StandardCharsets.UTF_8));
      out.add(new BundleCase(Json.text(n, "id"), Json.text(n, "expect"), Json.text(n, "why"),
          identities(n.get("identity")), Json.text(n, "issuer"), integer(n, "tlog_threshold"),
          integer(n, "ctlog_threshold"), Json.text(n, "artifact_digest"), Json.text(n, "bundle"),
          Json.text(n, "artifact"), Json.text(n, "trusted_root"), Json.text(n, "key")));
    }
    return out;
  }

  private static List<String> identities(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(v -> out.add(v.asString()));
    } else if (n != null && !n.isNull()) {
      out.add(n.asString());
    }
    return out;
  }

  private static Integer integer(JsonNode n, String f) {
    String v = Json.text(n, f);
    return v == null ? null : Integer.valueOf(v);
  }

  boolean tlogRequired() {
    return tlogThreshold == null || tlogThreshold > 0;
  }

  boolean sctRequired() {
    return ctlogThreshold == null || ctlogThreshold > 0;
  }

  ArtifactInput artifactInput() throws IOException {
    if (artifact != null) {
      return ArtifactInput.ofBytes(Files.readAllBytes(DIR.resolve(artifact)));
    }
    return artifactDigest == null ? null : ArtifactInput.parseDigest(artifactDigest);
  }

  SignerRequirements requirements() throws IOException, ConfigException {
    TrustedRoot root = TrustedRoot.load(DIR.resolve(trustedRoot));
    if (key != null) {
      return new KeyRequirements(PublicKeyVerifier.fromPem(Files.readString(DIR.resolve(key))), root,
          tlogRequired());
    }
    // Malformed-bundle cases name no identity: any identity, so that only the malformation can fail them.
    List<Identity> ids = identities.isEmpty() ? List.of(new Identity(StringMatch.regexp(".*"), StringMatch.regexp(".*")))
        : identities.stream().map(i -> new Identity(StringMatch.exact(issuer), StringMatch.exact(i))).toList();
    return new CertificateRequirements(root, List.of(), List.of(), ids, null, tlogRequired(), sctRequired());
  }

  BundleResult verify() throws Exception {
    return BundleVerifier.verify(Files.readAllBytes(DIR.resolve(bundle)), artifactInput(), requirements());
  }
}
