package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.UndecidableException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifiedContentTest {
  private static final byte[] CONTENT = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(CONTENT);
  private static final VerifiedContent.Errors ERRORS = new VerifiedContent.Errors() {
    @Override
    public UndecidableException wrongDigest(Digest expected, String what) {
      return new UndecidableException("ref", "digest " + expected + " " + what);
    }

    @Override
    public UndecidableException wrongSize(Digest expected, String what, long found, long size) {
      return new UndecidableException("ref", "size " + found + "/" + size + " " + what);
    }
  };

  @Test
  void check_rightDigestAndSize_returnsTheBytes() throws Exception {
    assertSame(CONTENT, VerifiedContent.check(CONTENT, DIGEST, CONTENT.length, ERRORS, "blob"));
    assertSame(CONTENT, VerifiedContent.check(CONTENT, DIGEST, VerifiedContent.ANY_SIZE, ERRORS, "blob"));
  }

  @Test
  void check_otherBytes_failsOnTheDigest() {
    byte[] other = CONTENT.clone();
    other[0] ^= 1;
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> VerifiedContent.check(other, DIGEST, CONTENT.length, ERRORS, "blob"));
    assertEquals("ref: digest " + DIGEST + " blob", e.getMessage());
  }

  @Test
  void check_sha512Digest_comparesWithItsOwnAlgorithm() throws Exception {
    Digest sha512 = new Digest("sha512", java.util.HexFormat.of().formatHex(Digest.hash("sha512", CONTENT)));
    assertSame(CONTENT, VerifiedContent.check(CONTENT, sha512, CONTENT.length, ERRORS, "blob"));
    assertThrows(UndecidableException.class,
        () -> VerifiedContent.check(new byte[0], sha512, VerifiedContent.ANY_SIZE, ERRORS, "blob"));
  }

  @Test
  void check_sizeOtherThanTheDescriptors_failsEvenWhenTheDigestMatches() {
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> VerifiedContent.check(CONTENT, DIGEST, CONTENT.length + 1, ERRORS, "blob"));
    assertEquals("ref: size " + CONTENT.length + "/" + (CONTENT.length + 1) + " blob", e.getMessage());
  }

  @Test
  void check_negativeSizeOtherThanAny_isAProgrammingError() {
    assertThrows(IllegalArgumentException.class, () -> VerifiedContent.check(CONTENT, DIGEST, -2, ERRORS, "blob"));
  }
}
