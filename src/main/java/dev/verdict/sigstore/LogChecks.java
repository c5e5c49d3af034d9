package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the transparency-log entries and RFC 3161 timestamps of one signature; every entry or timestamp present
 * must verify (evidence is never skipped), and the log is counted against the requirement.
 */
final class LogChecks {
  /** Bounds work on hostile bundles; no real signer needs more. */
  static final int MAX_TIMESTAMPS = 32;
  static final int MAX_ENTRIES = 32;

  private LogChecks() {}

  /**
   * Verifies each entry: trusted log, body matching the signature, SET and/or inclusion proof with checkpoint.
   *
   * @param bundleMinor the bundle's minor version, or 0 for cosign's classic annotation (SET only)
   */
  static List<LogProof> entries(List<RekorEntry> entries, SignedContent content, TrustedRoot root, int bundleMinor,
      boolean required, CheckRecorder log) throws SigstoreVerificationException {
    List<LogProof> proofs = new ArrayList<>();
    if (entries.size() > MAX_ENTRIES) {
      throw log.fail("tlog.entries", "too many log entries", "at most " + MAX_ENTRIES, "" + entries.size());
    }
    for (RekorEntry e : entries) {
      String id = "tlog.entry";
      String where = "log index " + e.logIndex();
      if (root == null) {
        throw log.fail(id, "a log entry is present but no trusted root names Rekor keys", "a trusted root", where);
      }
      // The same key may be listed several times, each with its own window: every listing is a candidate.
      List<TrustedRoot.Log> rekors = root.tlogs(e.logId());
      if (rekors.isEmpty()) {
        throw log.fail(id, "log entry is from an unknown log " + Crypto.hex(e.logId()),
            "a Rekor log of " + root.source(), Crypto.hex(e.logId()));
      }
      TrustedRoot.Log rekor = rekors.get(0);
      try {
        RekorBody.match(e, content);
      } catch (VerificationException ex) {
        throw log.fail("tlog.body", ex.getMessage(), "entry describing this signature", where);
      }
      log.pass("tlog.body", "log entry describes this signature, signer and content", "same signature", where);
      boolean setOk = false;
      if (e.set() != null) {
        StringBuilder why = new StringBuilder();
        for (TrustedRoot.Log candidate : rekors) {
          try {
            RekorVerifier.verifySet(e, candidate);
            rekor = candidate;
            setOk = true;
            break;
          } catch (VerificationException ex) {
            why.append(why.length() == 0 ? "" : "; ").append(ex.getMessage());
          }
        }
        if (!setOk) {
          throw log.fail("tlog.set", why.toString(), "SET signed by " + rekor.describe(), where);
        }
        log.pass("tlog.set", "Rekor SET verifies", "SET signed by " + rekor.describe(),
            where + ", integrated " + Instant.ofEpochSecond(e.integratedTime()));
      }
      boolean proofOk = false;
      if (e.proof() != null) {
        // v0.1 bundles may carry a proof without checkpoint; from v0.2 the checkpoint is what authenticates it.
        boolean checkpointRequired = bundleMinor >= 2 || e.rekorV2();
        List<TrustedRoot.Log> order = new ArrayList<>(List.of(rekor));
        rekors.stream().filter(r -> r != order.get(0)).forEach(order::add);
        VerificationException failed = null;
        for (TrustedRoot.Log candidate : order) {
          try {
            RekorVerifier.verifyInclusion(e, candidate, checkpointRequired);
            rekor = candidate;
            failed = null;
            break;
          } catch (VerificationException ex) {
            failed = failed == null ? ex : failed;
          }
        }
        if (failed != null) {
          throw log.fail("tlog.inclusion", failed.getMessage(), "inclusion proof to a checkpoint signed by "
              + rekor.describe(), where);
        }
        proofOk = e.proof().checkpoint() != null && !e.proof().checkpoint().isEmpty();
        log.pass("tlog.inclusion", proofOk ? "inclusion proof and signed checkpoint verify"
            : "inclusion proof verifies (v0.1 bundle without checkpoint; authenticated by the SET)",
            "inclusion in " + rekor.describe(), where + ", tree size " + e.proof().treeSize());
      } else if (bundleMinor >= 2) {
        throw log.fail("tlog.inclusion", "v0." + bundleMinor + " bundle log entry has no inclusion proof",
            "inclusion proof", "none (" + where + ")");
      }
      if (e.rekorV2() && !proofOk) {
        throw log.fail("tlog.inclusion", "Rekor v2 entry needs an inclusion proof", "inclusion proof", "none");
      }
      if (!setOk && !proofOk) {
        throw log.fail("tlog.entry", "log entry has neither a SET nor a checkpointed inclusion proof",
            "SET or inclusion proof", where);
      }
      // The index reported is one a signature covers: the entry's under a verified SET, otherwise the proof's, which
      // the Merkle path was computed from (the entry's own field is then unauthenticated registry data; in sharded
      // Rekor v1 the two legitimately differ, so they are not compared).
      proofs.add(new LogProof(rekor.describe(), setOk ? e.logIndex() : e.proof().logIndex(),
          setOk && !e.rekorV2() ? Instant.ofEpochSecond(e.integratedTime()) : null, setOk, proofOk, e.logId()));
    }
    if (proofs.isEmpty()) {
      if (required) {
        throw log.fail("tlog.required", "no transparency-log entry, and the log is required",
            "at least 1 verified Rekor entry", "0");
      }
      log.skip("tlog.required", "no transparency-log entry; the log is not required");
    }
    return proofs;
  }

  /**
   * An entry proven by inclusion only (no SET, as in Rekor v2) has no time of its own: the log key that signed its
   * checkpoint must be valid (in some listing of the trusted root) at every proven timestamp, as a SET's key must be
   * at its integrated time.
   */
  static void inclusionWindows(List<LogProof> proofs, List<Instant> times, TrustedRoot root, CheckRecorder log)
      throws SigstoreVerificationException {
    for (LogProof p : proofs) {
      if (p.integratedTime() != null || root == null) {
        continue;
      }
      List<TrustedRoot.Log> listings = root.tlogs(p.logId());
      for (Instant t : times) {
        if (listings.stream().noneMatch(l -> l.validAt(t))) {
          throw log.fail("tlog.inclusion", "log key " + p.log() + " is not valid at timestamp " + t,
              "a log key valid at every proven signing time", "log index " + p.logIndex());
        }
      }
    }
  }

  /** Verifies each timestamp over the signature; duplicates and excess are refused. */
  static List<TimestampVerifier.Result> timestamps(List<byte[]> timestamps, byte[] signature, TrustedRoot root,
      CheckRecorder log) throws SigstoreVerificationException {
    List<TimestampVerifier.Result> out = new ArrayList<>();
    if (timestamps.isEmpty()) {
      return out;
    }
    if (timestamps.size() > MAX_TIMESTAMPS) {
      throw log.fail("timestamp", "too many RFC 3161 timestamps", "at most " + MAX_TIMESTAMPS,
          "" + timestamps.size());
    }
    Set<String> seen = new HashSet<>();
    for (byte[] ts : timestamps) {
      if (!seen.add(Crypto.hex(Crypto.sha256(ts)))) {
        throw log.fail("timestamp", "duplicate RFC 3161 timestamp", "distinct timestamps", "a duplicate");
      }
    }
    for (byte[] ts : timestamps) {
      if (root == null || root.timestampAuthorities().isEmpty()) {
        throw log.fail("timestamp", "a timestamp is present but the trusted root names no TSA", "a trusted TSA",
            "none");
      }
      try {
        TimestampVerifier.Result r = TimestampVerifier.verify(ts, signature, root);
        out.add(r);
        log.pass("timestamp", "RFC 3161 timestamp verifies", "signed by a TSA of " + root.source(),
            r.authority() + " at " + r.time());
      } catch (VerificationException ex) {
        throw log.fail("timestamp", ex.getMessage(), "signed by a TSA of " + root.source(), "not verified");
      }
    }
    return out;
  }
}
