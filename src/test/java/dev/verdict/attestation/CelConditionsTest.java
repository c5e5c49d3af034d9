package dev.verdict.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.VerificationException;
import dev.verdict.oci.Digest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CelConditionsTest {
  static final Digest DIGEST = Digest.parse("sha256:" + "ae57936def59bc4c75edd3a837d89bcefc6d3a5e31d55a6fa7a71624f92c3c3b");
  static final EnvelopeSigner SIGNER = new EnvelopeSigner("keyless",
      "https://github.com/actions/attest-demo/.github/workflows/build-python.yml@refs/heads/main",
      "https://token.actions.githubusercontent.com", Map.of("sourceRepositoryURI", "https://github.com/actions/attest-demo"));
  static Map<String, Object> vars;

  @BeforeAll
  static void load() throws Exception {
    Statement s = Statement.parse(Envelopes.read(SlsaEvaluatorTest.GH_DEMO));
    vars = CelConditions.variables(s, "ghcr.io/actions/attest-demo:1", DIGEST, SIGNER);
  }

  static boolean eval(String expr) throws VerificationException {
    return CelConditions.compile(expr).evaluate(vars);
  }

  @Test
  void evaluate_trueConditionOverRealProvenance_true() throws Exception {
    assertTrue(eval("predicate.buildDefinition.externalParameters.workflow.repository"
        + " == 'https://github.com/actions/attest-demo'"));
    assertTrue(eval("predicate.buildDefinition.resolvedDependencies.exists(d, d.uri.startsWith('git+https://'))"));
    assertTrue(eval("statement.predicateType == 'https://slsa.dev/provenance/v1'"
        + " && image.digest == 'sha256:' + statement.subject[0].digest.sha256"));
    assertTrue(eval("image.reference.startsWith('ghcr.io/') && signer.issuer == 'https://token.actions.githubusercontent.com'"
        + " && signer.extensions.sourceRepositoryURI.endsWith('/attest-demo')"));
    assertTrue(eval("signer.identity.matches('^https://github\\\\.com/actions/.+@refs/heads/main$')"));
  }

  @Test
  void evaluate_falseCondition_false() throws Exception {
    assertFalse(eval("predicate.runDetails.builder.id == 'https://example.com/other'"));
  }

  @Test
  void evaluate_missingKey_throwsNamingIt() {
    VerificationException e = assertThrows(VerificationException.class, () -> eval("predicate.nope == 'x'"));
    assertTrue(e.getMessage().startsWith("condition failed: evaluation error"), e.getMessage());
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
  }

  @Test
  void evaluate_nonBoolResultAtRuntime_throws() {
    VerificationException e = assertThrows(VerificationException.class,
        () -> eval("predicate.runDetails.builder.id"));
    assertEquals("condition returned String, not a bool", e.getMessage());
  }

  @Test
  void evaluate_jsonNullComparesToCelNull() throws Exception {
    Statement s = Statement.parse(Envelopes.statement("p", "{\"n\":null,\"i\":3}", DIGEST.toString()));
    Map<String, Object> v = CelConditions.variables(s, "r", DIGEST, SIGNER);
    assertTrue(CelConditions.compile("predicate.n == null && predicate.i == 3 && predicate.i > 2").evaluate(v));
  }

  @Test
  void compile_syntaxError_positionAndMessage() {
    ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class,
        () -> CelConditions.compile("predicate.a ==\n  && true"));
    assertEquals(2, e.line());
    assertEquals(3, e.column());
    assertTrue(e.getMessage().startsWith("condition does not compile: 2:3: "), e.getMessage());
  }

  @Test
  void compile_nonBoolType_rejectedAtCompileTime() {
    ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> CelConditions.compile("image.digest"));
    assertEquals("condition does not compile: 1:6: expected type 'bool' but found 'string'", e.getMessage());
    assertEquals(1, e.line());
    assertEquals(6, e.column());
  }

  @Test
  void compile_undeclaredVariable_rejected() {
    ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class,
        () -> CelConditions.compile("predicat.x == 1"));
    assertTrue(e.getMessage().contains("undeclared reference to 'predicat'"), e.getMessage());
  }

  @Test
  void evaluate_runawayComprehension_hitsIterationBound() throws Exception {
    Map<String, Object> v = new HashMap<>(vars);
    Map<String, Object> p = new HashMap<>();
    p.put("l", java.util.Collections.nCopies(1000, 1L));
    v.put("predicate", p);
    CompiledCondition c = CelConditions.compile(
        "predicate.l.all(x, predicate.l.all(y, predicate.l.all(z, x == y && y == z)))");
    // a generous deadline, so that the iteration bound (not the clock) is what stops the 10^9 iterations
    VerificationException e = assertThrows(VerificationException.class, () -> c.evaluate(v, Duration.ofMinutes(5)));
    assertTrue(e.getMessage().contains("Iteration budget exceeded: 100000"), e.getMessage());
  }

  @Test
  void evaluate_pastDeadline_throws() throws Exception {
    Map<String, Object> v = new HashMap<>(vars);
    v.put("predicate", Map.of("l", java.util.Collections.nCopies(100, 1L)));
    CompiledCondition c = CelConditions.compile("predicate.l.all(x, predicate.l.all(y, x == y))");
    assertTrue(c.evaluate(v));
    VerificationException e = assertThrows(VerificationException.class, () -> c.evaluate(v, Duration.ofNanos(1)));
    assertEquals("condition exceeded its 0 ms deadline", e.getMessage());
  }

  @Test
  void evaluate_unboundVariable_illegalArgument() {
    CompiledCondition c = CelConditions.compile("true");
    assertThrows(IllegalArgumentException.class, () -> c.evaluate(Map.of("predicate", Map.of())));
  }
}
