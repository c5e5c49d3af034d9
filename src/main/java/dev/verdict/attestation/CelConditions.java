package dev.verdict.attestation;

import dev.verdict.oci.Digest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Attestation conditions in <a href="https://github.com/google/cel-spec/blob/master/doc/langdef.md">CEL</a>
 * (cel-java). Variables: {@code predicate} (dyn), {@code statement} (map), {@code image} ({@code reference},
 * {@code digest}) and {@code signer} ({@code identity}, {@code issuer}, {@code extensions}); the result must be a
 * bool. CEL's classes load only on the first {@link #compile}, so a run without conditions never pays for them.
 *
 * <p>Cost is bounded twice: at most {@link #MAX_ITERATIONS} comprehension iterations per evaluation (cel-java's
 * {@code comprehensionMaxIterations}, which counts nested loops together) and a wall-clock deadline checked as
 * the interpreter steps.
 */
public final class CelConditions {
  /** Total comprehension iterations one evaluation may run. */
  public static final int MAX_ITERATIONS = 100_000;
  /**
   * Deadline of {@link CompiledCondition#evaluate(Map)}: a backstop behind the iteration bound, which a cold JVM
   * needs about a second to reach (40-80 ms warm).
   */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

  private CelConditions() {}

  /** Compiles and type-checks {@code expr}; throws {@link ConditionSyntaxException} with CEL's message and position. */
  public static CompiledCondition compile(String expr) {
    Objects.requireNonNull(expr, "expr");
    return CelEngine.compile(expr);
  }

  /** The variables of one evaluation, as plain Java values (the statement and predicate converted once). */
  public static Map<String, Object> variables(Statement statement, String reference, Digest digest,
      EnvelopeSigner signer) {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("reference", reference);
    image.put("digest", digest.toString());
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("identity", signer.identity());
    who.put("issuer", signer.issuer() == null ? "" : signer.issuer());
    who.put("extensions", Map.copyOf(signer.extensions()));
    Map<String, Object> statementMap = statement.asJava();
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("predicate", statementMap.get("predicate"));
    vars.put("statement", statementMap);
    vars.put("image", image);
    vars.put("signer", who);
    return vars;
  }
}
