package dev.verdict.sigstore;

import dev.verdict.result.Check;
import dev.verdict.result.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects the checks of one verification, so that success and failure alike explain themselves. */
final class CheckRecorder {
  private final String subject;
  private final List<Check> checks = new ArrayList<>();

  CheckRecorder(String subject) {
    this.subject = subject;
  }

  void pass(String id, String message, String expected, String found) {
    checks.add(Check.of(id, subject, Status.PASS, message, expected, found));
  }

  void pass(String id, String message, String expected, String found, Map<String, String> evidence) {
    checks.add(new Check(id, subject, Status.PASS, message, expected, found, evidence));
  }

  void skip(String id, String message) {
    checks.add(Check.of(id, subject, Status.SKIP, message, null, null));
  }

  /** Records a failed check and returns the exception to throw. */
  SigstoreVerificationException fail(String id, String message, String expected, String found) {
    checks.add(Check.of(id, subject, Status.FAIL, message, expected, found));
    return new SigstoreVerificationException(message, checks);
  }

  List<Check> checks() {
    return List.copyOf(checks);
  }
}
