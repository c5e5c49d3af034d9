package dev.verdict.attestation;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.verdict.VerificationException;
import java.time.Duration;
import java.util.Map;

/** One compiled CEL program with the deadline guard. */
final class CelCondition implements CompiledCondition {
  private final String expr;
  private final CelRuntime.Program program;

  CelCondition(String expr, CelRuntime.Program program) {
    this.expr = expr;
    this.program = program;
  }

  @Override
  public String expr() {
    return expr;
  }

  @Override
  public boolean evaluate(Map<String, Object> variables, Duration deadline) throws VerificationException {
    for (String name : CelEngine.VARIABLES) {
      if (!variables.containsKey(name) || variables.get(name) == null) {
        throw new IllegalArgumentException("condition variable '" + name + "' is not bound");
      }
    }
    long end = System.nanoTime() + deadline.toNanos();
    Object result;
    try {
      // the listener runs after each evaluated node: the cheapest place to stop a runaway evaluation
      result = program.trace(variables, (e, value) -> {
        if (System.nanoTime() - end > 0) {
          throw new DeadlineExceeded();
        }
      });
    } catch (DeadlineExceeded e) {
      throw exceeded(deadline);
    } catch (CelEvaluationException e) {
      // cel-java wraps what the listener throws
      if (e.getCause() instanceof DeadlineExceeded) {
        throw exceeded(deadline);
      }
      throw new VerificationException("condition failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // an interpreter bug or an unexpected value type still denies, with what happened
      throw new VerificationException("condition failed: " + e, e);
    }
    if (!(result instanceof Boolean b)) {
      String type = result == null ? "null" : result.getClass().getSimpleName();
      throw new VerificationException("condition returned " + type + ", not a bool");
    }
    return b;
  }

  private static VerificationException exceeded(Duration deadline) {
    return new VerificationException("condition exceeded its " + deadline.toMillis() + " ms deadline");
  }

  /** Thrown from the evaluation listener to abort; carries no stack trace since it is control flow. */
  private static final class DeadlineExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeadlineExceeded() {
      super(null, null, false, false);
    }
  }
}
