package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PaeTest {
  @Test
  void encode_specExample_matchesKnownAnswer() {
    // protocol.md's test vector: PAE("http://example.com/HelloWorld", "hello world")
    byte[] pae = Pae.encode("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
    assertEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world", new String(pae, StandardCharsets.UTF_8));
  }

  @Test
  void encode_emptyAndMultibyte_countsBytesNotCharacters() {
    assertEquals("DSSEv1 0  0 ", new String(Pae.encode("", new byte[0]), StandardCharsets.UTF_8));
    byte[] pae = Pae.encode("t\u00e9", new byte[] {1, 2});
    byte[] want = {'D', 'S', 'S', 'E', 'v', '1', ' ', '3', ' ', 't', (byte) 0xc3, (byte) 0xa9, ' ', '2', ' ', 1, 2};
    assertArrayEquals(want, pae);
  }
}
