package dev.verdict.policy;

import dev.verdict.attestation.CompiledCondition;

/**
 * A CEL condition over a verified attestation, compiled once when the policy is loaded; false or erroring denies
 * with {@code message}.
 */
public record Condition(String expr, String message, Location location, CompiledCondition compiled) {}
