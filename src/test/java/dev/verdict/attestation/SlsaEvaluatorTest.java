package dev.verdict.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.sigstore.StringMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlsaEvaluatorTest {
  static final String GH_DEMO = "statements/slsa.dev_provenance_v1/277303ea02065d11.json";
  static final String GH_REUSABLE = "statements/slsa.dev_provenance_v1/8d9c1784609dbdfd.json";
  static final String KUBECTL = "statements/slsa.dev_provenance_v0.2/021bf7c9bd9b9d2b.json";
  static final String KREL = "statements/slsa.dev_provenance_v0.2/3574dc31cb0b9d85.json";
  static final String TEKTON = "statements/slsa.dev_provenance_v0.2/947c77b9d4f57412.json";

  static List<SlsaViolation> eval(String file, SlsaRule rule) throws Exception {
    Statement s = Statement.parse(Envelopes.read(file));
    return SlsaEvaluator.evaluate(s.predicate(), s.predicateType(), rule);
  }

  static StringMatch x(String s) {
    return StringMatch.exact(s);
  }

  @Test
  void evaluate_v1GithubProvenance_allFieldsMatch() throws Exception {
    SlsaRule rule = new SlsaRule(x("https://github.com/actions/runner/github-hosted"),
        x("https://github.com/actions/attest-demo"), x("refs/heads/main"),
        x("https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1"));
    assertEquals(List.of(), eval(GH_DEMO, rule));
  }

  @Test
  void evaluate_v1RepositoryWrittenAsGitUriOrWithoutScheme_matches() throws Exception {
    assertEquals(List.of(), eval(GH_DEMO, new SlsaRule(null, x("git+https://github.com/actions/attest-demo"), null,
        null)));
    assertEquals(List.of(), eval(GH_DEMO, new SlsaRule(null, x("github.com/actions/attest-demo"), null, null)));
  }

  @Test
  void evaluate_v1OtherRepository_violationFromEverySource() throws Exception {
    List<SlsaViolation> v = eval(GH_DEMO, new SlsaRule(null, x("https://github.com/acme/app"), null, null));
    assertEquals(2, v.size(), v.toString());
    assertEquals("slsa.sourceRepository", v.get(0).field());
    assertEquals("source repository in buildDefinition.externalParameters.workflow does not match",
        v.get(0).message());
    assertEquals("https://github.com/acme/app", v.get(0).expected());
    assertEquals("https://github.com/actions/attest-demo", v.get(0).found());
    assertEquals("source repository in buildDefinition.resolvedDependencies[0].uri does not match",
        v.get(1).message());
  }

  @Test
  void evaluate_v1WrongRefAndBuilder_violations() throws Exception {
    SlsaRule rule = new SlsaRule(StringMatch.regexp("https://github\\.com/acme/.*"), null,
        x("refs/tags/v1"), null);
    List<SlsaViolation> v = eval(GH_REUSABLE, rule);
    assertEquals(List.of("slsa.builderId", "slsa.sourceRef", "slsa.sourceRef"),
        v.stream().map(SlsaViolation::field).toList());
    assertEquals("https://github.com/too-legit/attest/.github/workflows/integration.yml@refs/heads/main",
        v.get(0).found());
    assertEquals("refs/heads/main", v.get(1).found());
  }

  @Test
  void evaluate_builderIdWithoutVersion_matchesAnyVersionLikeSlsaVerifier() throws Exception {
    String name = "https://github.com/too-legit/attest/.github/workflows/integration.yml";
    assertEquals(List.of(), eval(GH_REUSABLE, new SlsaRule(x(name), null, null, null)));
    assertEquals(1, eval(GH_REUSABLE, new SlsaRule(x(name + "@refs/heads/dev"), null, null, null)).size());
    assertEquals(1, eval(GH_REUSABLE, new SlsaRule(x(name.replace(".yml", "")), null, null, null)).size());
  }

  @Test
  void evaluate_v02_configSourceAndMaterialsBothChecked() throws Exception {
    // kubectl: configSource is the build-definition repo (user info '@' is not a ref), materials the source
    List<SlsaViolation> v = eval(KUBECTL, new SlsaRule(x("Project Collection Build Service (AzureContainerUpstream)"),
        x("https://github.com/kubernetes/kubernetes"), null, null));
    assertEquals(1, v.size(), v.toString());
    assertEquals("source repository in invocation.configSource.uri does not match", v.get(0).message());
    assertEquals("https://AzureContainerUpstream@dev.azure.com/AzureContainerUpstream/Kubernetes/_git/"
        + "ado-build-definitions", v.get(0).found());
  }

  @Test
  void evaluate_v02Krel_materialsGitUriAndBuildType() throws Exception {
    SlsaRule rule = new SlsaRule(x("https://git.k8s.io/release/docs/krel"),
        x("https://github.com/kubernetes/kubernetes"), null, x("https://cloudbuild.googleapis.com/CloudBuildYaml@v1"));
    assertEquals(List.of(), eval(KREL, rule));
  }

  @Test
  void evaluate_v02NoRefAnywhere_violationNamesAbsence() throws Exception {
    List<SlsaViolation> v = eval(KREL, new SlsaRule(null, null, x("refs/heads/main"), null));
    assertEquals(1, v.size());
    assertEquals("provenance names no source ref", v.get(0).message());
    assertEquals(null, v.get(0).found());
  }

  @Test
  void evaluate_v02TektonWithoutSource_violations() throws Exception {
    List<SlsaViolation> v = eval(TEKTON, new SlsaRule(x("https://tekton.dev/chains/v2"),
        x("https://github.com/acme/app"), null, StringMatch.regexp("tekton\\.dev/v1beta1/.*")));
    assertEquals(1, v.size(), v.toString());
    assertEquals("provenance names no source repository", v.get(0).message());
  }

  @Test
  void evaluate_v02GithubRefFromEnvironment_used() throws Exception {
    String json = "{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":[{\"digest\":{\"sha256\":\""
        + "a".repeat(64) + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v0.2\",\"predicate\":{"
        + "\"builder\":{\"id\":\"b\"},\"invocation\":{\"configSource\":{\"uri\":\"git+https://github.com/o/r\"},"
        + "\"environment\":{\"github_ref\":\"refs/tags/v1.2.0\"}}}}";
    Statement s = Statement.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SlsaRule rule = new SlsaRule(null, x("https://github.com/o/r"), StringMatch.regexp("refs/tags/v.*"), null);
    assertEquals(List.of(), SlsaEvaluator.evaluate(s.predicate(), s.predicateType(), rule));
  }

  @Test
  void evaluate_notProvenance_violation() throws Exception {
    Statement s = Statement.parse(Envelopes.read("go-test-vectors/statement_05_VALID.json"));
    List<SlsaViolation> v = SlsaEvaluator.evaluate(s.predicate(), s.predicateType(), new SlsaRule(null, null, null,
        null));
    assertEquals("slsa rules apply to SLSA provenance v0.2 or v1 only", v.get(0).message());
    assertEquals("thePredicate", v.get(0).found());
  }

  @Test
  void parseSource_splitsGitUriAndRef() {
    SlsaSource s = SlsaSource.parse("w", "git+https://github.com/o/r@refs/heads/feature@x");
    assertEquals("https://github.com/o/r", s.repository());
    assertEquals("refs/heads/feature@x", s.ref());
    SlsaSource noScheme = SlsaSource.parse("w", "github.com/o/r@v1");
    assertEquals("github.com/o/r", noScheme.repository());
    assertEquals("v1", noScheme.ref());
  }
}
