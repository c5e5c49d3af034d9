package dev.verdict.policy;

/** A CEL condition over a verified attestation; false or erroring denies with {@code message}. */
public record Condition(String expr, String message, Location location) {}
