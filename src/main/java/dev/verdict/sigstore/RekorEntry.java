package dev.verdict.sigstore;

import java.util.List;

/**
 * One transparency-log entry as a bundle or cosign's {@code dev.sigstore.cosign/bundle} annotation carries it
 * (https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_rekor.proto).
 *
 * @param set the signed entry timestamp (inclusion promise), or null
 * @param proof the inclusion proof, or null
 */
record RekorEntry(long logIndex, byte[] logId, String kind, String version, long integratedTime, byte[] set,
    InclusionProof proof, byte[] body) {

  /** An RFC 6962 inclusion proof with the log's signed checkpoint (null in some v0.1 bundles). */
  record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {
    InclusionProof {
      hashes = List.copyOf(hashes);
      nonNegative(logIndex, "inclusionProof.logIndex");
      nonNegative(treeSize, "inclusionProof.treeSize");
    }
  }

  /** Indexes, sizes and times count up from 0: a negative one is malformed, whichever source carried it. */
  RekorEntry {
    nonNegative(logIndex, "logIndex");
    nonNegative(integratedTime, "integratedTime");
  }

  private static void nonNegative(long v, String field) {
    if (v < 0) {
      throw new IllegalArgumentException(field + " is negative: " + v);
    }
  }

  /** Rekor v2 (rekor-tiles) entries: no SET, no integrated time; time comes from a TSA. */
  boolean rekorV2() {
    return "0.0.2".equals(version) && ("hashedrekord".equals(kind) || "dsse".equals(kind));
  }
}
