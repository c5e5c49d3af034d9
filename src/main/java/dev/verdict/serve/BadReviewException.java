package dev.verdict.serve;

/** A body that is not an AdmissionReview verdict can answer: HTTP 400 (a real apiserver never sends one). */
final class BadReviewException extends Exception {
  public BadReviewException(String message) {
    super(message);
  }
}
