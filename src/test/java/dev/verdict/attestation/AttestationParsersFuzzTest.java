package dev.verdict.attestation;

import static dev.verdict.testing.Fuzzing.expect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verdict.VerificationException;

/**
 * Fuzz tests (regression corpus in src/test/resources/dev/verdict/attestation/AttestationParsersFuzzTestInputs/;
 * longer runs with bench/fuzz.sh) for DSSE envelopes and in-toto statements read from `.att` layers and bundles.
 */
class AttestationParsersFuzzTest {

  @FuzzTest
  void parseEnvelope_anyBytes_envelopeOrVerificationError(byte[] input) throws Throwable {
    expect(() -> Dsse.parse(input), VerificationException.class);
  }

  @FuzzTest
  void parseStatement_anyBytes_statementOrInvalidStatement(byte[] input) throws Throwable {
    expect(() -> Statement.parse(input), InvalidStatementException.class);
  }
}
