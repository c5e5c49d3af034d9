package dev.verdict;

/** Bad flags or arguments (exit 2). */
public final class UsageException extends VerdictException {
  public UsageException(String message) {
    super(message, null);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
