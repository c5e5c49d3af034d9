package dev.verdict.attestation;

import dev.verdict.sigstore.Pae;
import dev.verdict.testing.cosign.ClassicSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;

/** Builds DSSE envelopes signed by test keys, and reads in-toto test data. */
public final class Envelopes {
  static final Path TESTDATA = Path.of("testdata", "in-toto");

  private Envelopes() {}

  public static byte[] signed(KeyPair k, String payloadType, byte[] payload) {
    byte[] sig = ClassicSigner.sign(k, Pae.encode(payloadType, payload));
    return json(payloadType, payload, sig);
  }

  public static byte[] json(String payloadType, byte[] payload, byte[] sig) {
    return ("{\"payloadType\":\"" + payloadType + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(payload)
        + "\",\"signatures\":[{\"keyid\":\"\",\"sig\":\"" + Base64.getEncoder().encodeToString(sig) + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A minimal v1 statement about the given digests (alg:hex each). */
  public static byte[] statement(String predicateType, String predicate, String... digests) {
    StringBuilder subjects = new StringBuilder();
    for (int i = 0; i < digests.length; i++) {
      String[] d = digests[i].split(":", 2);
      subjects.append(i == 0 ? "" : ",").append("{\"name\":\"s").append(i).append("\",\"digest\":{\"")
          .append(d[0]).append("\":\"").append(d[1]).append("\"}}");
    }
    return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[" + subjects + "],\"predicateType\":\""
        + predicateType + "\",\"predicate\":" + predicate + "}").getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] read(String relative) {
    try {
      return Files.readAllBytes(TESTDATA.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
