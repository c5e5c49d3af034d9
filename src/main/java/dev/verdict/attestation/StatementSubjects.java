package dev.verdict.attestation;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Statement subjects as <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/resource_descriptor.md">
 * ResourceDescriptors</a>: name, uri or digest required; digests of well-known algorithms must be hex of the right
 * length (<a href="https://github.com/in-toto/attestation/blob/main/spec/v1/digest_set.md">DigestSet</a>); and a
 * Statement additionally requires every subject to have a digest.
 */
final class StatementSubjects {
  /** Fixed-size algorithms and their digest sizes in bytes, as the in-toto Go implementation lists them. */
  private static final Map<String, Integer> SIZES = Map.ofEntries(Map.entry("md5", 16), Map.entry("sha1", 20),
      Map.entry("sha224", 28), Map.entry("sha512_224", 28), Map.entry("sha256", 32), Map.entry("sha512_256", 32),
      Map.entry("sha384", 48), Map.entry("sha512", 64), Map.entry("sha3_224", 28), Map.entry("sha3_256", 32),
      Map.entry("sha3_384", 48), Map.entry("sha3_512", 64), Map.entry("gitCommit", 20), Map.entry("dirHash", 32));

  private StatementSubjects() {}

  static List<Statement.Subject> parse(JsonNode subject) throws InvalidStatementException {
    if (subject == null || subject.isNull() || (subject.isArray() && subject.isEmpty())) {
      throw new InvalidStatementException(StatementError.SUBJECT_REQUIRED, "statement has no subject");
    }
    if (!subject.isArray()) {
      throw new InvalidStatementException(StatementError.MALFORMED, "statement subject must be an array");
    }
    List<Statement.Subject> out = new ArrayList<>();
    for (int i = 0; i < subject.size(); i++) {
      out.add(one(subject.get(i), "subject[" + i + "]"));
    }
    return out;
  }

  private static Statement.Subject one(JsonNode rd, String where) throws InvalidStatementException {
    if (!rd.isObject()) {
      throw new InvalidStatementException(StatementError.MALFORMED, "statement " + where + " is not an object");
    }
    String name = Statement.optionalString(rd, "name");
    String uri = Statement.optionalString(rd, "uri");
    Map<String, String> digest = digests(rd.get("digest"), where);
    if (empty(name) && empty(uri) && digest.isEmpty()) {
      throw new InvalidStatementException(StatementError.RD_REQUIRED_FIELD,
          "statement " + where + " needs at least one of name, uri, digest");
    }
    if (digest.isEmpty()) {
      throw new InvalidStatementException(StatementError.DIGEST_REQUIRED, "statement " + where + " has no digest");
    }
    return new Statement.Subject(name, uri, digest);
  }

  private static Map<String, String> digests(JsonNode node, String where) throws InvalidStatementException {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new InvalidStatementException(StatementError.MALFORMED, "statement " + where + ".digest is not an object");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String alg = e.getKey();
      if (!e.getValue().isString()) {
        throw new InvalidStatementException(StatementError.MALFORMED,
            "statement " + where + ".digest." + alg + " must be a string");
      }
      String value = e.getValue().stringValue();
      Integer size = SIZES.get(alg);
      if (size != null) {
        byte[] bytes;
        try {
          bytes = HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException ex) {
          throw new InvalidStatementException(StatementError.INVALID_DIGEST_ENCODING,
              "statement " + where + ".digest." + alg + " is not hex");
        }
        if (bytes.length != size) {
          throw new InvalidStatementException(StatementError.INCORRECT_DIGEST_LENGTH, "statement " + where
              + ".digest." + alg + " has " + bytes.length + " bytes, expected " + size);
        }
      }
      out.put(alg, value);
    }
    return out;
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }
}
