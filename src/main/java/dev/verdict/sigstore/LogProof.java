package dev.verdict.sigstore;

import java.time.Instant;

/**
 * What a verified Rekor entry proves.
 *
 * @param integratedTime the SET-signed integration time, or null for an entry proven by inclusion only (Rekor v2)
 * @param logId the id of the log that proved it (every listing of that id in the trusted root is a candidate)
 */
record LogProof(String log, long logIndex, Instant integratedTime, boolean setVerified,
    boolean inclusionVerified, byte[] logId) {
  public LogProof {
    logId = logId.clone();
  }

  @Override
  public byte[] logId() {
    return logId.clone();
  }
}
