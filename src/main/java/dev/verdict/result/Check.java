package dev.verdict.result;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One explained check: what was expected, what was found, and the evidence used (signature digest, signer identity,
 * log index...). Present on success and on failure alike.
 *
 * @param id stable kind of check, e.g. {@code signature.key}, {@code policy.match}, {@code attestation.predicate}
 * @param subject what the check is about within the image (an authority, a signature layer, a rule name), or null
 */
public record Check(String id, String subject, Status status, String message, String expected, String found,
    Map<String, String> evidence) {
  public Check {
    evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
  }

  public static Check of(String id, String subject, Status status, String message, String expected, String found) {
    return new Check(id, subject, status, message, expected, found, Map.of());
  }

  public Check withEvidence(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(evidence);
    all.putAll(more);
    return new Check(id, subject, status, message, expected, found, all);
  }

  public Check withStatus(Status s) {
    return new Check(id, subject, s, message, expected, found, evidence);
  }
}
