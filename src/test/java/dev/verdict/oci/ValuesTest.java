package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Digest, Platform and WWW-Authenticate parsing. */
class ValuesTest {
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void digest_sha256OfEmpty_knownValueAndMatches() {
    Digest d = Digest.sha256(new byte[0]);
    assertEquals("sha256:" + EMPTY_SHA256, d.toString());
    assertEquals(d, Digest.parse("sha256:" + EMPTY_SHA256));
    assertTrue(d.matches(new byte[0]));
    assertFalse(d.matches(new byte[] {0}));
    assertEquals("sha256-" + EMPTY_SHA256, d.tagPrefix());
  }

  @Test
  void digest_sha512_recomputedWithSameAlgorithm() {
    Digest d = Digest.parse("sha512:" + "0".repeat(128));
    Digest r = d.recompute("abc".getBytes(StandardCharsets.UTF_8));
    assertEquals("sha512", r.algorithm());
    assertTrue(r.hex().startsWith("ddaf35a193617aba"));
  }

  @Test
  void digest_invalid_rejectedWithReason() {
    assertEquals("invalid digest 'abc': expected algorithm:hex",
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("abc")).getMessage());
    assertEquals("unsupported digest algorithm 'md5' (sha256 or sha512)",
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("md5:" + "0".repeat(32))).getMessage());
    assertEquals("invalid sha256 digest: expected 64 lower-case hex characters",
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + "A".repeat(64))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + "0".repeat(63)));
  }

  @Test
  void platform_parseAndAccept() {
    Platform arm = Platform.parse("linux/arm64/v8");
    assertEquals("v8", arm.variant());
    assertEquals("linux/arm64/v8", arm.toString());
    assertNull(Platform.parse("linux/amd64").variant());
    assertTrue(Platform.parse("linux/arm64").accepts(arm));
    assertFalse(Platform.parse("linux/arm64/v7").accepts(arm));
    assertFalse(Platform.parse("linux/amd64").accepts(arm));
    assertFalse(arm.accepts(null));
    for (String bad : new String[] {"linux", "linux/", "/amd64", "a/b/c/d", ""}) {
      assertEquals("invalid platform '" + bad + "': expected os/arch[/variant]",
          assertThrows(IllegalArgumentException.class, () -> Platform.parse(bad)).getMessage());
    }
  }

  @Test
  void challenge_dockerHubBearer_parsed() {
    Challenge c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
        + "scope=\"repository:samalba/my-app:pull,push\"");
    assertEquals("bearer", c.scheme());
    assertEquals(Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io",
        "scope", "repository:samalba/my-app:pull,push"), c.params());
  }

  @Test
  void challenge_basicUnquotedAndEscapes_parsed() {
    Challenge basic = Challenge.parse("Basic realm=\"Registry Realm\"");
    assertEquals("basic", basic.scheme());
    assertEquals("Registry Realm", basic.param("realm"));
    Challenge odd = Challenge.parse("BEARER Realm=https://r/t, service = svc ,error=\"a\\\"b\"");
    assertEquals("bearer", odd.scheme());
    assertEquals("https://r/t", odd.param("realm"));
    assertEquals("svc", odd.param("service"));
    assertEquals("a\"b", odd.param("error"));
  }

  @Test
  void challenge_malformed_rejected() {
    assertThrows(IllegalArgumentException.class, () -> Challenge.parse(""));
    assertThrows(IllegalArgumentException.class, () -> Challenge.parse("Bearer realm=\"unterminated"));
    assertThrows(IllegalArgumentException.class, () -> Challenge.parse("Bearer realm"));
  }
}
