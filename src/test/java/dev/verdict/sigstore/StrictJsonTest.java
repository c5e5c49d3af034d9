package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import dev.verdict.VerificationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** sigstore's JSON call sites (bundles, trusted roots, simple-signing payloads) reject duplicate keys. */
class StrictJsonTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void bundleParse_duplicateKey_rejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Bundle.parse(utf8("{\"mediaType\":\"a\",\"mediaType\":\"b\"}")));
    assertEquals("not valid JSON: Duplicate Object property \"mediaType\"", e.getMessage());
  }

  @Test
  void read_emptyDocument_saysSo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.read(utf8(" ")));
    assertEquals("empty document", e.getMessage());
  }

  @Test
  void trustedRootParse_duplicateKey_rejected() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TrustedRoot.parse(utf8("{\"tlogs\":[],\"tlogs\":[]}"), "root.json"));
    assertTrue(e.getMessage().contains("Duplicate Object property \"tlogs\""), e.getMessage());
  }

  @Test
  void simpleSigningParse_duplicateKey_rejected() {
    VerificationException e = assertThrows(VerificationException.class, () -> SimpleSigning.parse(utf8(
        "{\"critical\":{\"type\":\"cosign container image signature\",\"type\":\"x\"}}")));
    assertTrue(e.getMessage().contains("Duplicate Object property \"type\""), e.getMessage());
  }

  @Test
  void inTotoSubjects_duplicateKey_rejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InTotoSubjects.subjects(utf8("{\"subject\":[],\"subject\":[]}")));
    assertTrue(e.getMessage().contains("Duplicate Object property \"subject\""), e.getMessage());
  }
}
