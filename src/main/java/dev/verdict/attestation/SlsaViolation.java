package dev.verdict.attestation;

/**
 * A built-in SLSA provenance rule that a verified predicate breaks.
 *
 * @param field the rule field, e.g. {@code slsa.builderId}
 * @param found what the predicate says, or null when it says nothing
 */
public record SlsaViolation(String field, String message, String expected, String found) {}
