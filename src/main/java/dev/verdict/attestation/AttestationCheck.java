package dev.verdict.attestation;

import dev.verdict.result.Check;
import dev.verdict.result.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why one candidate attestation was used or rejected for a rule, with expected and found values for the report.
 *
 * @param reason null when used
 * @param attestation set only when used
 * @param authority the authority whose signature verified (also on later rejections), else null
 * @param signer who signed, when the signature verified, else null
 */
public record AttestationCheck(AttestationVerifier.Candidate candidate, Reason reason, String message,
    String expected, String found, String authority, EnvelopeSigner signer, VerifiedAttestation attestation) {

  /** Rejection reasons in the order they are checked; {@code id} is the report check id. */
  public enum Reason {
    MALFORMED("attestation.envelope"),
    PAYLOAD_TYPE("attestation.payload-type"),
    SIGNATURE("attestation.signature"),
    STATEMENT("attestation.statement"),
    PREDICATE_TYPE("attestation.predicate-type"),
    SUBJECT("attestation.subject");

    private final String id;

    Reason(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  static AttestationCheck rejected(AttestationVerifier.Candidate c, Reason reason, String message, String expected,
      String found) {
    return new AttestationCheck(c, reason, message, expected, found, null, null, null);
  }

  static AttestationCheck used(AttestationVerifier.Candidate c, VerifiedAttestation a) {
    return new AttestationCheck(c, null, "attestation verified", null, null, a.authority(), a.signer(), a);
  }

  AttestationCheck signedBy(String authority, EnvelopeSigner signer) {
    return new AttestationCheck(candidate, reason, message, expected, found, authority, signer, attestation);
  }

  public boolean used() {
    return attestation != null;
  }

  /** {@code attestation.verified} or the rejection reason's id. */
  public String id() {
    return used() ? "attestation.verified" : reason.id();
  }

  /**
   * A report check for rule {@code rule}: PASS when used, SKIP when rejected (a rejected candidate does not deny by
   * itself; the engine fails the rule when no candidate is used).
   */
  public Check toCheck(String rule) {
    Status status = used() ? Status.PASS : Status.SKIP;
    return new Check(id(), rule, status, message, expected, found, evidence());
  }

  /** Source, predicate type hint, authority and signer, whichever are known. */
  public Map<String, String> evidence() {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("attestation", candidate.source());
    if (candidate.predicateTypeHint() != null) {
      e.put("predicateTypeAnnotation", candidate.predicateTypeHint());
    }
    if (authority != null) {
      e.put("authority", authority);
    }
    if (signer != null) {
      e.put("method", signer.method());
      e.put("signer", signer.identity());
      if (signer.issuer() != null) {
        e.put("issuer", signer.issuer());
      }
    }
    if (attestation != null) {
      e.put("predicateType", attestation.statement().predicateType());
    }
    return e;
  }
}
