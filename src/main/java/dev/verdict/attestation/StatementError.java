package dev.verdict.attestation;

/**
 * Why an in-toto Statement is invalid; {@code goName} is the error of the in-toto Go implementation
 * (<a href="https://github.com/in-toto/attestation/tree/main/go/v1">go/v1</a>) that rejects the same statement.
 */
enum StatementError {
  MALFORMED("ErrMalformed"),
  INVALID_STATEMENT_TYPE("ErrInvalidStatementType"),
  SUBJECT_REQUIRED("ErrSubjectRequired"),
  RD_REQUIRED_FIELD("ErrRDRequiredField"),
  INVALID_DIGEST_ENCODING("ErrInvalidDigestEncoding"),
  INCORRECT_DIGEST_LENGTH("ErrIncorrectDigestLength"),
  DIGEST_REQUIRED("ErrDigestRequired"),
  PREDICATE_TYPE_REQUIRED("ErrPredicateTypeRequired"),
  PREDICATE_REQUIRED("ErrPredicateRequired");

  private final String goName;

  StatementError(String goName) {
    this.goName = goName;
  }

  public String goName() {
    return goName;
  }
}
