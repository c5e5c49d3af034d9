package dev.verdict.discovery;

import dev.verdict.InputFiles;
import dev.verdict.oci.EvidenceLimitException;

/**
 * How much attached evidence one image may bring: a hostile registry must not be able to make verdict (or the
 * admission webhook) hold unbounded bytes. Every count is checked before anything it counts is fetched, and every
 * blob's declared size is reserved before it is read (the read itself is capped at that size and digest-checked),
 * so a bound is hit before the memory is used. Hitting a bound is a deny ({@link LimitExceededException}), never a
 * silent truncation: a dropped layer could be an {@code affected} VEX statement or a failing attestation.
 *
 * <p>One budget per image, shared by its signatures, attestations and bundles. Thread-safe.
 */
public final class EvidenceBudget {
  /** Layers of one {@code .sig} or {@code .att} manifest, and of one bundle referrer manifest. */
  public static final int MAX_LAYERS = 100;
  /** Sigstore bundle referrers of one image (the referrers listing may hold other artifacts beside them). */
  public static final int MAX_BUNDLES = 100;
  /** One DSSE envelope or bundle: they may carry a whole SBOM. */
  public static final long MAX_ITEM_BYTES = 32L << 20;
  /** All evidence blobs of one image together: signature payloads, envelopes and bundles. */
  public static final long MAX_TOTAL_BYTES = 64L << 20;

  private final long maxTotal;
  private long used;

  public EvidenceBudget() {
    this(MAX_TOTAL_BYTES);
  }

  EvidenceBudget(long maxTotal) {
    this.maxTotal = maxTotal;
  }

  /** A bound of the evidence of one image was hit: the image is denied, naming the bound. */
  public static final class LimitExceededException extends EvidenceLimitException {
    LimitExceededException(String where, String message) {
      super(where, message);
    }
  }

  /** Refuses {@code count} things of a kind where at most {@code max} are allowed, before any is read. */
  public static void count(String where, int count, int max, String what) throws LimitExceededException {
    if (count > max) {
      throw new LimitExceededException(where, count + " " + what + " exceed the limit of " + max
          + " per image; refusing to read them");
    }
  }

  /** Reserves {@code size} bytes for one blob before it is read; refuses a blob or a total over the bounds. */
  public synchronized void reserve(String where, long size) throws LimitExceededException {
    if (size > MAX_ITEM_BYTES) {
      throw new LimitExceededException(where, "evidence blob of " + size + " bytes exceeds the limit of "
          + InputFiles.size(MAX_ITEM_BYTES));
    }
    if (used + size > maxTotal) {
      throw new LimitExceededException(where, "evidence attached to this image exceeds the limit of "
          + InputFiles.size(maxTotal) + " in total (" + used + " bytes read, " + size + " more asked)");
    }
    used += size;
  }

  public synchronized long used() {
    return used;
  }
}
