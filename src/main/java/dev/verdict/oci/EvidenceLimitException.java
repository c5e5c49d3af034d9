package dev.verdict.oci;

import dev.verdict.UndecidableException;

/**
 * A bound on what a registry may attach to one image was hit (too many referrer pages, layers, bundles or bytes).
 * Verification denies the image rather than decide on part of its evidence; {@code inspect} stops with exit 4.
 */
public class EvidenceLimitException extends UndecidableException {
  public EvidenceLimitException(String reference, String message) {
    super(reference, message);
  }
}
