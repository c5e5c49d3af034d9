package dev.verdict.sigstore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** DSSE pre-authentication encoding (https://github.com/secure-systems-lab/dsse/blob/master/protocol.md). */
final class Dsse {
  static final String IN_TOTO = "application/vnd.in-toto+json";

  private Dsse() {}

  static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(payload);
    return out.toByteArray();
  }

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
