package dev.verdict.sigstore;

import java.time.Instant;

/**
 * What a verified Rekor entry proves.
 *
 * @param integratedTime the SET-signed integration time, or null for an entry proven by inclusion only (Rekor v2)
 */
public record LogProof(String log, long logIndex, Instant integratedTime, boolean setVerified,
    boolean inclusionVerified) {}
