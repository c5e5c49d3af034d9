package dev.verdict.attestation;

import dev.verdict.oci.Digest;
import java.util.Map;

/**
 * Measures CEL compile and evaluate times over a real SLSA v1 provenance (not a test: run by hand with
 * {@code java -cp target/classes:target/test-classes:<deps> dev.verdict.attestation.CelBench}).
 */
public final class CelBench {
  private CelBench() {}

  public static void main(String[] args) throws Exception {
    String expr = "predicate.buildDefinition.externalParameters.workflow.repository == "
        + "'https://github.com/actions/attest-demo' && predicate.buildDefinition.resolvedDependencies"
        + ".exists(d, d.uri.startsWith('git+https://github.com/actions/')) && signer.issuer != ''";
    long t0 = System.nanoTime();
    CompiledCondition first = CelConditions.compile(expr);
    long t1 = System.nanoTime();
    Statement s = Statement.parse(Envelopes.read(SlsaEvaluatorTest.GH_DEMO));
    EnvelopeSigner signer = new EnvelopeSigner("keyless", "id", "https://token.actions.githubusercontent.com", Map.of());
    Digest d = Digest.parse("sha256:ae57936def59bc4c75edd3a837d89bcefc6d3a5e31d55a6fa7a71624f92c3c3b");
    long t2 = System.nanoTime();
    Map<String, Object> vars = CelConditions.variables(s, "ghcr.io/a/b", d, signer);
    long t3 = System.nanoTime();
    boolean r = first.evaluate(vars);
    long t4 = System.nanoTime();
    System.out.printf("first compile (loads CEL) %.1f ms; variables %.2f ms; first evaluate %.2f ms -> %s%n",
        (t1 - t0) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, r);
    int n = 20_000;
    long c0 = System.nanoTime();
    for (int i = 0; i < 2_000; i++) {
      CelConditions.compile(expr);
    }
    long c1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      first.evaluate(vars);
    }
    long c2 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      CelConditions.variables(s, "ghcr.io/a/b", d, signer);
    }
    long c3 = System.nanoTime();
    System.out.printf("warm: compile %.1f us; evaluate %.1f us; variables (tree -> maps) %.1f us%n",
        (c1 - c0) / 1e3 / 2_000, (c2 - c1) / 1e3 / n, (c3 - c2) / 1e3 / n);
  }
}
