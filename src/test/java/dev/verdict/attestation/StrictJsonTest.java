package dev.verdict.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** attestation's JSON call sites (statements, envelopes) reject duplicate keys. */
class StrictJsonTest {
  @Test
  void statementParse_duplicateKey_malformed() {
    String json = "{\"_type\":\"" + Statement.V1 + "\",\"subject\":[{\"digest\":{\"sha256\":\"" + "a".repeat(64)
        + "\"}}],\"predicateType\":\"x\",\"predicateType\":\"y\",\"predicate\":{}}";
    InvalidStatementException e = assertThrows(InvalidStatementException.class,
        () -> Statement.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(StatementError.MALFORMED, e.error());
    assertTrue(e.getMessage().contains("Duplicate Object property \"predicateType\""), e.getMessage());
  }
}
