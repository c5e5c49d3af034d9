package dev.verdict.serve;

/**
 * What the server reports about each admission, for metrics and the audit log; every method must be cheap and must
 * not throw (the server ignores what it throws).
 */
interface AdmissionObserver {
  /** One answered admission ({@code webhook} is {@code validate} or {@code mutate}). */
  default void answered(String webhook, AdmissionRequest request, AdmissionResponse response, long nanos) { }

  /** A body that was not an AdmissionReview verdict can read (answered 400). */
  default void rejected(String webhook, String why) { }

  /** The internal deadline passed before every image was decided. */
  default void deadlineExceeded(String webhook) { }

  /** A failure inside verdict, answered with a 200 deny (validate) or an allow without a patch (mutate). */
  default void internalError(String webhook, Throwable t) { }

  /** An admission starts; closing what this returns ends it (the in-flight gauge). */
  default AutoCloseable begin() {
    return () -> { };
  }

  AdmissionObserver NONE = new AdmissionObserver() { };
}
