package dev.verdict.attestation;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Where SLSA provenance names its source, per predicate version, in slsa-verifier's order. */
final class SlsaSources {
  private SlsaSources() {}

  /** v0.2: {@code invocation.configSource.uri}, then {@code materials[0].uri}. */
  static List<SlsaSource> v02(JsonNode predicate) {
    List<SlsaSource> out = new ArrayList<>();
    add(out, "invocation.configSource.uri", predicate.path("invocation").path("configSource").path("uri"));
    add(out, "materials[0].uri", predicate.path("materials").path(0).path("uri"));
    return out;
  }

  /**
   * v1: the GitHub Actions workflow of the GitHub build types, {@code externalParameters.source.uri} (BYOB and
   * container builders), and {@code resolvedDependencies[0].uri} when it is a git URI.
   */
  static List<SlsaSource> v1(JsonNode predicate) {
    List<SlsaSource> out = new ArrayList<>();
    JsonNode build = predicate.path("buildDefinition");
    JsonNode workflow = build.path("externalParameters").path("workflow");
    String repository = SlsaEvaluator.text(workflow.path("repository"));
    if (repository != null) {
      SlsaSource repo = SlsaSource.parse("buildDefinition.externalParameters.workflow.repository", repository);
      out.add(new SlsaSource("buildDefinition.externalParameters.workflow", repository, repo.repository(),
          SlsaEvaluator.text(workflow.path("ref"))));
    }
    add(out, "buildDefinition.externalParameters.source.uri", build.path("externalParameters").path("source")
        .path("uri"));
    String dep = SlsaEvaluator.text(build.path("resolvedDependencies").path(0).path("uri"));
    if (dep != null && dep.startsWith("git+")) {
      out.add(SlsaSource.parse("buildDefinition.resolvedDependencies[0].uri", dep));
    }
    return out;
  }

  private static void add(List<SlsaSource> out, String where, JsonNode uri) {
    String s = SlsaEvaluator.text(uri);
    if (s != null) {
      out.add(SlsaSource.parse(where, s));
    }
  }
}
