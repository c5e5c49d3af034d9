package dev.verdict.attestation;

import dev.verdict.VerificationException;
import java.time.Duration;
import java.util.Map;

/** A CEL condition compiled once at policy load; evaluate it per verified attestation. */
public interface CompiledCondition {
  /** The expression as written. */
  String expr();

  /**
   * Evaluates with {@code predicate}, {@code statement}, {@code image} and {@code signer} bound (see
   * {@link CelConditions#variables}) within {@link CelConditions#DEFAULT_DEADLINE}; throws when the expression
   * errors (missing key, bad type), does not return a bool, or exceeds the iteration or time bound.
   */
  default boolean evaluate(Map<String, Object> variables) throws VerificationException {
    return evaluate(variables, CelConditions.DEFAULT_DEADLINE);
  }

  boolean evaluate(Map<String, Object> variables, Duration deadline) throws VerificationException;
}
