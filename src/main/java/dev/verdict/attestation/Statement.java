package dev.verdict.attestation;

import dev.verdict.Json;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An in-toto Statement, <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md">v1</a> or
 * <a href="https://github.com/in-toto/attestation/blob/v0.1.0/spec/README.md#statement">v0.1</a>, validated as the
 * in-toto Go implementation validates v1: a known {@code _type}, at least one subject, each subject a valid
 * ResourceDescriptor with a digest, a predicate type and a predicate object. Parse only verified bytes.
 */
public final class Statement {
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  public static final String V01 = "https://in-toto.io/Statement/v0.1";
  public static final String V1 = "https://in-toto.io/Statement/v1";

  /** A subject: name and uri may be null; digest maps algorithm to its (validated) value. */
  public record Subject(String name, String uri, Map<String, String> digest) {
    public Subject {
      digest = Map.copyOf(digest);
    }
  }

  private final String type;
  private final List<Subject> subjects;
  private final String predicateType;
  private final JsonNode predicate;
  private final JsonNode root;

  private Statement(String type, List<Subject> subjects, String predicateType, JsonNode predicate, JsonNode root) {
    this.type = type;
    this.subjects = List.copyOf(subjects);
    this.predicateType = predicateType;
    this.predicate = predicate;
    this.root = root;
  }

  /** Parses and validates a statement; throws naming the first rule it breaks. */
  public static Statement parse(byte[] json) throws InvalidStatementException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new InvalidStatementException(StatementError.MALFORMED,
          "statement is not valid JSON: " + e.getOriginalMessage());
    }
    return parse(root);
  }

  /** Validates a statement already read as JSON by the one strict reader; throws naming the first rule it breaks. */
  public static Statement parse(JsonNode root) throws InvalidStatementException {
    if (root == null || !root.isObject()) {
      throw new InvalidStatementException(StatementError.MALFORMED, "statement is not a JSON object");
    }
    String type = optionalString(root, "_type");
    if (!V1.equals(type) && !V01.equals(type)) {
      throw new InvalidStatementException(StatementError.INVALID_STATEMENT_TYPE,
          "statement _type is '" + type + "', expected " + V1 + " or " + V01);
    }
    List<Subject> subjects = StatementSubjects.parse(root.get("subject"));
    String predicateType = optionalString(root, "predicateType");
    if (predicateType == null || predicateType.isEmpty()) {
      throw new InvalidStatementException(StatementError.PREDICATE_TYPE_REQUIRED, "statement has no predicateType");
    }
    JsonNode predicate = root.get("predicate");
    if (predicate == null || predicate.isNull()) {
      throw new InvalidStatementException(StatementError.PREDICATE_REQUIRED, "statement has no predicate");
    }
    if (!predicate.isObject()) {
      throw new InvalidStatementException(StatementError.MALFORMED, "statement predicate is not a JSON object");
    }
    return new Statement(type, subjects, predicateType, predicate, root);
  }

  static String optionalString(JsonNode obj, String field) throws InvalidStatementException {
    JsonNode n = obj.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      throw new InvalidStatementException(StatementError.MALFORMED, "statement " + field + " must be a string");
    }
    return n.stringValue();
  }

  /**
   * True when a subject has digest {@code algorithm} (sha256 or sha512) equal to {@code hex}; hex case does not
   * matter, since it names the same bytes.
   */
  public boolean hasSubjectDigest(String algorithm, String hex) {
    if (!"sha256".equals(algorithm) && !"sha512".equals(algorithm)) {
      throw new IllegalArgumentException("unsupported subject digest algorithm '" + algorithm + "'");
    }
    byte[] want;
    try {
      want = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (Subject s : subjects) {
      String value = s.digest().get(algorithm);
      // values of sha256/sha512 were checked as hex of the right length when parsed
      if (value != null && java.util.Arrays.equals(want, HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)))) {
        return true;
      }
    }
    return false;
  }

  /** {@code https://in-toto.io/Statement/v1} or {@code .../v0.1}. */
  public String type() {
    return type;
  }

  public List<Subject> subjects() {
    return subjects;
  }

  public String predicateType() {
    return predicateType;
  }

  /** The predicate object as a (read-only by convention) Jackson tree. */
  public JsonNode predicate() {
    return predicate;
  }

  /** The predicate as plain Java values (Map, List, Long, Double, String, Boolean), for CEL. */
  public Map<String, Object> predicateAsJava() {
    return PlainJson.toMap(predicate);
  }

  /** The whole statement as plain Java values, for CEL's {@code statement} variable. */
  public Map<String, Object> asJava() {
    return PlainJson.toMap(root);
  }

  /** Subject digests as {@code alg:value} strings, for reports. */
  public List<String> subjectDigests() {
    return subjects.stream()
        .flatMap(s -> new LinkedHashMap<>(s.digest()).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()))
        .toList();
  }
}
