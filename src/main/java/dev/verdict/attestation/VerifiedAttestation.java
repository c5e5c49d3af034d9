package dev.verdict.attestation;

/**
 * An attestation that passed every check: signed by {@code authority}, about the image, of the rule's predicate
 * type. Only these reach conditions and built-in rules.
 */
public record VerifiedAttestation(String source, String authority, EnvelopeSigner signer, Statement statement) {}
