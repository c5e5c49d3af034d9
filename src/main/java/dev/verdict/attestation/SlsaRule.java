package dev.verdict.attestation;

import dev.verdict.sigstore.StringMatch;

/**
 * {@code slsa:} built-in provenance rule (SLSA v0.2 and v1 predicates), like slsa-verifier's {@code --builder-id},
 * {@code --source-uri}, {@code --source-branch}; each field null when not constrained.
 */
public record SlsaRule(StringMatch builderId, StringMatch sourceRepository, StringMatch sourceRef,
    StringMatch buildType) {}
