package dev.verdict.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class StatementTest {
  static final String SHA = "a".repeat(64);

  /** The Go vectors, with the Go error INDEX.json names for each ({@code var:badStType} is ErrInvalidStatementType). */
  static Stream<Arguments> goVectors() {
    JsonNode index = Json.mapper().readTree(Envelopes.read("go-test-vectors/INDEX.json"));
    List<Arguments> out = new ArrayList<>();
    for (JsonNode e : index.values()) {
      String expect = e.get("expect").stringValue();
      out.add(Arguments.of(e.get("file").stringValue(),
          expect.equals("var:badStType") ? "ErrInvalidStatementType" : expect));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("goVectors")
  void parse_goTestVectors_sameVerdictAsGo(String file, String expected) throws Exception {
    byte[] json = Envelopes.read("go-test-vectors/" + file);
    if (expected.equals("VALID")) {
      Statement s = Statement.parse(json);
      assertEquals("thePredicate", s.predicateType());
      assertEquals(Map.of("alg1", "abc123"), s.subjects().get(0).digest());
      return;
    }
    InvalidStatementException e = assertThrows(InvalidStatementException.class, () -> Statement.parse(json));
    assertEquals(expected, e.error().goName(), e.getMessage());
  }

  /** Spec examples: complete digests parse; shortened ones ("4faeb1b2...") fail as in Go's DigestSet check. */
  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("predicates__reference__01.json", "VALID"),
        Arguments.of("predicates__reference__02.json", "VALID"),
        Arguments.of("predicates__test-result__01.json", "VALID"),
        Arguments.of("predicates__release__01.json", "ErrInvalidDigestEncoding"),
        Arguments.of("predicates__release__04.json", "ErrInvalidDigestEncoding"),
        Arguments.of("predicates__scai__01.json", "ErrInvalidDigestEncoding"),
        Arguments.of("predicates__svr__01.json", "ErrInvalidDigestEncoding"),
        Arguments.of("v1__resource_descriptor__04.json", "ErrInvalidStatementType"),
        Arguments.of("v0.1.0__README__00.json", "ErrInvalidStatementType"));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void parse_specExamples_expectedVerdict(String file, String expected) throws Exception {
    byte[] json = Envelopes.read("examples/" + file);
    if (expected.equals("VALID")) {
      Statement s = Statement.parse(json);
      assertEquals(Statement.V1, s.type());
      assertTrue(s.predicateType().startsWith("https://in-toto.io/attestation/"), s.predicateType());
      return;
    }
    InvalidStatementException e = assertThrows(InvalidStatementException.class, () -> Statement.parse(json));
    assertEquals(expected, e.error().goName(), e.getMessage());
  }

  @Test
  void parse_realSlsaStatements_valid() throws Exception {
    for (String f : List.of("slsa.dev_provenance_v0.2/021bf7c9bd9b9d2b.json",
        "slsa.dev_provenance_v0.2/3574dc31cb0b9d85.json", "slsa.dev_provenance_v0.2/947c77b9d4f57412.json",
        "slsa.dev_provenance_v1/277303ea02065d11.json", "slsa.dev_provenance_v1/8ceb4ab812773147.json",
        "slsa.dev_provenance_v1/8d9c1784609dbdfd.json")) {
      Statement s = Statement.parse(Envelopes.read("statements/" + f));
      assertTrue(s.predicateType().startsWith("https://slsa.dev/provenance/"), f);
    }
  }

  @Test
  void hasSubjectDigest_matchesOnlyTheSameAlgorithmAndValue() throws Exception {
    Statement s = Statement.parse(Envelopes.statement("p", "{}", "sha256:" + SHA, "sha512:" + "b".repeat(128)));
    assertTrue(s.hasSubjectDigest("sha256", SHA));
    assertTrue(s.hasSubjectDigest("sha256", SHA.toUpperCase()));
    assertTrue(s.hasSubjectDigest("sha512", "b".repeat(128)));
    assertFalse(s.hasSubjectDigest("sha256", "b".repeat(64)));
    assertFalse(s.hasSubjectDigest("sha512", SHA + SHA));
    assertFalse(s.hasSubjectDigest("sha256", "zz"));
    assertThrows(IllegalArgumentException.class, () -> s.hasSubjectDigest("md5", "00"));
    assertEquals(List.of("sha256:" + SHA, "sha512:" + "b".repeat(128)), s.subjectDigests());
  }

  static Stream<Arguments> invalid() {
    String pre = "{\"_type\":\"https://in-toto.io/Statement/v1\",";
    return Stream.of(
        Arguments.of(pre + "\"subject\":[{\"digest\":{\"sha256\":\"abcd\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
            StatementError.INCORRECT_DIGEST_LENGTH),
        Arguments.of(pre + "\"subject\":[{\"digest\":{\"sha256\":\"" + "g".repeat(64) + "\"}}],\"predicateType\":\"p\","
            + "\"predicate\":{}}", StatementError.INVALID_DIGEST_ENCODING),
        Arguments.of(pre + "\"subject\":{},\"predicateType\":\"p\",\"predicate\":{}}", StatementError.MALFORMED),
        Arguments.of(pre + "\"subject\":[{\"digest\":{\"sha256\":1}}],\"predicateType\":\"p\",\"predicate\":{}}",
            StatementError.MALFORMED),
        Arguments.of(pre + "\"subject\":[{\"digest\":{\"x\":\"1\"}}],\"predicateType\":\"p\",\"predicate\":[]}",
            StatementError.MALFORMED),
        Arguments.of(pre + "\"subject\":[{\"digest\":{\"x\":\"1\"}}],\"predicateType\":\"p\",\"predicate\":null}",
            StatementError.PREDICATE_REQUIRED),
        Arguments.of("{\"subject\":[{\"digest\":{\"x\":\"1\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
            StatementError.INVALID_STATEMENT_TYPE),
        Arguments.of("{\"_type\":\"https://in-toto.io/Statement/v0.2\",\"subject\":[{\"digest\":{\"x\":\"1\"}}],"
            + "\"predicateType\":\"p\",\"predicate\":{}}", StatementError.INVALID_STATEMENT_TYPE),
        // a cosign simple-signing payload is not a statement
        Arguments.of("{\"critical\":{\"type\":\"cosign container image signature\"},\"optional\":null}",
            StatementError.INVALID_STATEMENT_TYPE));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void parse_invalid_rejectedWithError(String json, StatementError error) {
    InvalidStatementException e = assertThrows(InvalidStatementException.class,
        () -> Statement.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(error, e.error(), e.getMessage());
  }

  @Test
  void parse_v01WithUnnamedSubject_valid() throws Exception {
    String json = "{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":[{\"digest\":{\"sha256\":\"" + SHA
        + "\"}}],\"predicateType\":\"p\",\"predicate\":{\"a\":1}}";
    Statement s = Statement.parse(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(Statement.V01, s.type());
    assertTrue(s.hasSubjectDigest("sha256", SHA));
  }

  @Test
  void predicateAsJava_plainValuesWithLongsAndCelNull() throws Exception {
    Statement s = Statement.parse(Envelopes.statement("p",
        "{\"i\":3,\"big\":123456789012345678901234567890,\"f\":1.5,\"b\":true,\"n\":null,\"l\":[1,\"x\"],"
            + "\"m\":{\"k\":\"v\"}}", "sha256:" + SHA));
    Map<String, Object> p = s.predicateAsJava();
    assertEquals(3L, p.get("i"));
    assertEquals(1.2345678901234568E29, p.get("big"));
    assertEquals(1.5, p.get("f"));
    assertEquals(Boolean.TRUE, p.get("b"));
    assertEquals(com.google.protobuf.NullValue.NULL_VALUE, p.get("n"));
    assertEquals(List.of(1L, "x"), p.get("l"));
    assertEquals(Map.of("k", "v"), p.get("m"));
    assertEquals("p", s.asJava().get("predicateType"));
  }
}
