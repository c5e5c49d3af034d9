package dev.verdict;

/**
 * Verification could not finish (exit 4): registry unreachable, authentication failed, timeout, a registry that
 * returned something other than what was asked for, or trust material that cannot be used.
 */
public class UndecidableException extends VerdictException {
  private final String reference;

  public UndecidableException(String reference, String message, Throwable cause) {
    super(reference == null ? message : reference + ": " + message, cause);
    this.reference = reference;
  }

  public UndecidableException(String reference, String message) {
    this(reference, message, null);
  }

  /** The image reference or URL concerned, or null. */
  public String reference() {
    return reference;
  }
}
