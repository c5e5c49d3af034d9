package dev.verdict.sigstore;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** The in-toto statement a DSSE bundle carries: its payload type and, for verify-artifact, its subject digests. */
final class InTotoSubjects {
  static final String IN_TOTO = "application/vnd.in-toto+json";

  private InTotoSubjects() {}

  /**
   * The subjects of an in-toto statement ({@code name sha256:hex}), for reports; throws IllegalArgumentException when
   * the payload is not a statement with subjects.
   */
  static List<String> subjects(byte[] statement) {
    JsonNode st = Json.read(statement);
    JsonNode subjects = Json.array(st, "subject");
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("in-toto statement has no subject");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : subjects) {
      JsonNode digest = Json.obj(s, "digest");
      if (digest == null) {
        continue;
      }
      for (var e : digest.properties()) {
        if (!e.getValue().isString()) {
          throw new IllegalArgumentException("in-toto subject digest '" + e.getKey() + "' is not a string");
        }
        out.add(e.getKey().toLowerCase(Locale.ROOT) + ":" + e.getValue().asString().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /** Whether one subject digest (sha256 or sha512) equals the artifact's. */
  static boolean hasSubject(List<String> subjects, ArtifactInput artifact) {
    for (String s : subjects) {
      int colon = s.indexOf(':');
      String jca = Crypto.jcaHash(s.substring(0, colon));
      if (jca == null) {
        continue;
      }
      byte[] want = artifact.digest(jca);
      byte[] have;
      try {
        have = java.util.HexFormat.of().parseHex(s.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (want != null && MessageDigest.isEqual(want, have)) {
        return true;
      }
    }
    return false;
  }
}
