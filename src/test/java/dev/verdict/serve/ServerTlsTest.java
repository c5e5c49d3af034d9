package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import dev.verdict.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
  @TempDir
  Path tmp;

  @Test
  void load_rsaAndEcInEveryEncoding_loads() throws Exception {
    TestPki pki = new TestPki();
    for (boolean rsa : new boolean[] {true, false}) {
      for (TestPki.KeyFormat f : TestPki.KeyFormat.values()) {
        Path[] p = pki.serving(tmp.resolve(rsa + "-" + f), "s.ns.svc", rsa, f, Duration.ofDays(2));
        String key = Files.readString(p[1]);
        assertTrue(key.contains(f == TestPki.KeyFormat.PKCS8 ? "BEGIN PRIVATE KEY"
            : rsa ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY"), key);
        ServerTls tls = ServerTls.load(p[0], p[1]);
        assertTrue(tls.notAfter().isAfter(Instant.now().plus(1, ChronoUnit.DAYS)));
      }
    }
  }

  @Test
  void load_keyOfAnotherCertificate_refusedNamingTheKeyFile() throws Exception {
    TestPki pki = new TestPki();
    Path[] a = pki.serving(tmp.resolve("a"), "s.ns.svc", false, TestPki.KeyFormat.PKCS8, Duration.ofDays(1));
    Path[] b = pki.serving(tmp.resolve("b"), "s.ns.svc", false, TestPki.KeyFormat.PKCS8, Duration.ofDays(1));
    ConfigException e = assertThrows(ConfigException.class, () -> ServerTls.load(a[0], b[1]));
    assertTrue(e.getMessage().contains(b[1].toString()) && e.getMessage().contains("does not belong"),
        e.getMessage());
  }

  @Test
  void load_missingOrEmptyFiles_oneLineErrors() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "");
    assertTrue(assertThrows(ConfigException.class, () -> ServerTls.load(empty, empty)).getMessage()
        .contains("no PEM CERTIFICATE"));
    assertThrows(ConfigException.class, () -> ServerTls.load(tmp.resolve("nope"), tmp.resolve("nope")));
  }

  @Test
  void reload_badPair_keepsTheOldOne() throws Exception {
    TestPki pki = new TestPki();
    Path[] a = pki.serving(tmp.resolve("a"), "s.ns.svc", false, TestPki.KeyFormat.PKCS8, Duration.ofDays(1));
    Path[] b = pki.serving(tmp.resolve("b"), "s.ns.svc", true, TestPki.KeyFormat.TRADITIONAL, Duration.ofDays(5));
    ServerTls tls = ServerTls.load(a[0], a[1]);
    Instant first = tls.notAfter();
    assertThrows(ConfigException.class, () -> tls.reload(a[0], b[1]));
    assertEquals(first, tls.notAfter());
    tls.reload(b[0], b[1]);
    assertTrue(tls.notAfter().isAfter(first));
  }
}
