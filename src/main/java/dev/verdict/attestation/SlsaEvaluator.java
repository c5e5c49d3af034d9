package dev.verdict.attestation;

import dev.verdict.sigstore.StringMatch;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The built-in {@code slsa:} rule over SLSA provenance
 * (<a href="https://slsa.dev/spec/v0.2/provenance">v0.2</a>, <a href="https://slsa.dev/spec/v1.0/provenance">v1</a>),
 * reading fields where slsa-verifier reads them. Every source location the provenance names must satisfy the rule:
 * v0.2 {@code invocation.configSource.uri} and {@code materials[0].uri}; v1 the GitHub workflow
 * ({@code externalParameters.workflow.repository}/{@code ref}), a {@code externalParameters.source.uri} and
 * {@code resolvedDependencies[0].uri} when it is a git URI. An exact {@code builderId} without {@code @} matches the
 * builder id with any version, as slsa-verifier's {@code --builder-id} does.
 */
public final class SlsaEvaluator {
  public static final String V02 = "https://slsa.dev/provenance/v0.2";
  public static final String V1 = "https://slsa.dev/provenance/v1";

  private SlsaEvaluator() {}

  /** Every violation of {@code rule} by {@code predicate}; empty when it passes. */
  public static List<SlsaViolation> evaluate(JsonNode predicate, String predicateType, SlsaRule rule) {
    List<SlsaViolation> out = new ArrayList<>();
    if (!V02.equals(predicateType) && !V1.equals(predicateType)) {
      out.add(new SlsaViolation("slsa", "slsa rules apply to SLSA provenance v0.2 or v1 only", V02 + " or " + V1,
          predicateType));
      return out;
    }
    boolean v1 = V1.equals(predicateType);
    String builderId = text(v1 ? predicate.path("runDetails").path("builder").path("id")
        : predicate.path("builder").path("id"));
    String buildType = text(v1 ? predicate.path("buildDefinition").path("buildType") : predicate.path("buildType"));
    List<SlsaSource> sources = v1 ? SlsaSources.v1(predicate) : SlsaSources.v02(predicate);
    if (rule.builderId() != null && !builderMatches(rule.builderId(), builderId)) {
      out.add(violation("slsa.builderId", "builder id", rule.builderId(), builderId));
    }
    if (rule.buildType() != null && !rule.buildType().matches(buildType)) {
      out.add(violation("slsa.buildType", "build type", rule.buildType(), buildType));
    }
    if (rule.sourceRepository() != null) {
      StringMatch want = rule.sourceRepository().exact() != null
          ? StringMatch.exact(SlsaSource.normalizeExpected(rule.sourceRepository().exact()))
          : rule.sourceRepository();
      checkSources(out, "slsa.sourceRepository", "source repository", want, sources, false);
    }
    if (rule.sourceRef() != null) {
      List<SlsaSource> refs = sources.stream().filter(s -> s.ref() != null).toList();
      if (refs.isEmpty() && !v1) {
        String githubRef = text(predicate.path("invocation").path("environment").path("github_ref"));
        refs = githubRef == null ? refs : List.of(new SlsaSource("invocation.environment.github_ref", githubRef,
            null, githubRef));
      }
      checkSources(out, "slsa.sourceRef", "source ref", rule.sourceRef(), refs, true);
    }
    return out;
  }

  private static void checkSources(List<SlsaViolation> out, String field, String what, StringMatch want,
      List<SlsaSource> sources, boolean ref) {
    if (sources.isEmpty()) {
      out.add(new SlsaViolation(field, "provenance names no " + what, want.toString(), null));
      return;
    }
    for (SlsaSource s : sources) {
      String found = ref ? s.ref() : s.repository();
      if (!want.matches(found)) {
        out.add(new SlsaViolation(field, what + " in " + s.where() + " does not match", want.toString(), found));
      }
    }
  }

  static boolean builderMatches(StringMatch want, String builderId) {
    if (want.matches(builderId)) {
      return true;
    }
    // slsa-verifier: an expected id without a version matches the builder at any version
    if (builderId != null && want.exact() != null && !want.exact().contains("@")) {
      int at = builderId.indexOf('@');
      return at > 0 && builderId.substring(0, at).equals(want.exact());
    }
    return false;
  }

  private static SlsaViolation violation(String field, String what, StringMatch want, String found) {
    String message = found == null ? "provenance names no " + what : what + " does not match";
    return new SlsaViolation(field, message, want.toString(), found);
  }

  static String text(JsonNode n) {
    return n != null && n.isString() && !n.stringValue().isEmpty() ? n.stringValue() : null;
  }
}
