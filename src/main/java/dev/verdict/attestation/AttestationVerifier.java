package dev.verdict.attestation;

import dev.verdict.VerificationException;
import dev.verdict.oci.Digest;
import dev.verdict.sigstore.PublicKeyVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides which candidate attestations count for one rule: a DSSE envelope of an in-toto statement, signed by one
 * of the rule's authorities, whose signed predicate type is the rule's and whose subjects include the image digest.
 * Checks run in that order and each candidate gets one {@link AttestationCheck} saying why it was used or rejected.
 *
 * <p>A statement naming the image among other subjects is used, as cosign and the in-toto spec do (a statement
 * applies to each of its subjects). The predicate-type annotation of a layer is only a hint shown in reports: the
 * signed statement decides.
 */
public final class AttestationVerifier {
  private AttestationVerifier() {}

  /**
   * An attestation found for the image, not verified yet.
   *
   * @param envelope the DSSE envelope JSON bytes
   * @param source where it was found, e.g. {@code sha256-<hex>.att layer 1}, a referrer digest, or a file name
   * @param predicateTypeHint the {@code predicateType} annotation, or null
   * @param annotations the layer or manifest annotations (certificate, chain, Rekor bundle...), possibly empty
   */
  public record Candidate(byte[] envelope, String source, String predicateTypeHint, Map<String, String> annotations) {
    public Candidate {
      Objects.requireNonNull(envelope, "envelope");
      Objects.requireNonNull(source, "source");
      annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
  }

  /**
   * An authority that may sign, by policy name, with the check to run for a given candidate (a keyless check reads
   * the certificate from the candidate's annotations or bundle; a key check ignores the candidate).
   */
  public record TrustedSigner(String authority, Function<Candidate, SignatureCheck> checkFor) {
    public TrustedSigner {
      Objects.requireNonNull(authority, "authority");
      Objects.requireNonNull(checkFor, "checkFor");
    }

    public static TrustedSigner of(String authority, SignatureCheck check) {
      return new TrustedSigner(authority, c -> check);
    }

    public static TrustedSigner key(String authority, PublicKeyVerifier key) {
      return of(authority, SignatureCheck.of(key));
    }
  }

  /** One result per candidate, in the candidates' order. */
  public static List<AttestationCheck> check(List<Candidate> candidates, Digest image, String predicateType,
      List<TrustedSigner> signers) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(predicateType, "predicateType");
    List<AttestationCheck> out = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      out.add(checkOne(c, image, predicateType, signers));
    }
    return out;
  }

  /** Only the attestations that passed every check. */
  public static List<VerifiedAttestation> used(List<AttestationCheck> checks) {
    return checks.stream().filter(AttestationCheck::used).map(AttestationCheck::attestation).toList();
  }

  static AttestationCheck checkOne(Candidate c, Digest image, String predicateType, List<TrustedSigner> signers) {
    Dsse.Envelope envelope;
    try {
      envelope = Dsse.parse(c.envelope());
    } catch (VerificationException e) {
      return AttestationCheck.rejected(c, AttestationCheck.Reason.MALFORMED, e.getMessage(), "a DSSE envelope",
          null);
    }
    if (!Statement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
      return AttestationCheck.rejected(c, AttestationCheck.Reason.PAYLOAD_TYPE,
          "payload type is not in-toto: this is not an attestation", Statement.PAYLOAD_TYPE,
          envelope.payloadType());
    }
    String authority = null;
    EnvelopeSigner signer = null;
    List<String> failures = new ArrayList<>();
    for (TrustedSigner s : signers) {
      try {
        signer = Dsse.verify(envelope, s.checkFor().apply(c));
        authority = s.authority();
        break;
      } catch (VerificationException | RuntimeException e) {
        // a runtime failure inside a verifier is an invalid signature, never a pass
        failures.add(s.authority() + ": " + e.getMessage());
      }
    }
    List<String> names = signers.stream().map(TrustedSigner::authority).toList();
    if (signer == null) {
      String why = signers.isEmpty() ? "no authority to verify with" : String.join("; ", failures);
      return AttestationCheck.rejected(c, AttestationCheck.Reason.SIGNATURE, "signature not verified: " + why,
          "signed by one of " + names, null);
    }
    Statement statement;
    try {
      statement = Statement.parse(envelope.payload());
    } catch (InvalidStatementException e) {
      return AttestationCheck.rejected(c, AttestationCheck.Reason.STATEMENT, e.getMessage(),
          "a valid in-toto statement", e.error().goName()).signedBy(authority, signer);
    }
    if (!predicateType.equals(statement.predicateType())) {
      String hint = c.predicateTypeHint() != null && !c.predicateTypeHint().equals(statement.predicateType())
          ? " (its annotation claims " + c.predicateTypeHint() + ")" : "";
      return AttestationCheck.rejected(c, AttestationCheck.Reason.PREDICATE_TYPE,
          "signed predicate type differs from the rule's" + hint, predicateType, statement.predicateType())
          .signedBy(authority, signer);
    }
    if (!statement.hasSubjectDigest(image.algorithm(), image.hex())) {
      return AttestationCheck.rejected(c, AttestationCheck.Reason.SUBJECT,
          "no subject of the statement is the image", image.toString(),
          String.join(", ", statement.subjectDigests())).signedBy(authority, signer);
    }
    return AttestationCheck.used(c, new VerifiedAttestation(c.source(), authority, signer, statement));
  }
}
