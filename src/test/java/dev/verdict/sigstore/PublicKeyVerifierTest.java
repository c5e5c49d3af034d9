package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.VerificationException;
import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PublicKeyVerifierTest {
  static final byte[] DATA = "payload".getBytes(StandardCharsets.UTF_8);

  static Stream<Arguments> keys() {
    return Stream.of(
        Arguments.of(ClassicSigner.ecKey("secp256r1"), "ecdsa-p256"),
        Arguments.of(ClassicSigner.ecKey("secp384r1"), "ecdsa-p384"),
        Arguments.of(ClassicSigner.key("RSA", 2048), "rsa-2048"),
        Arguments.of(ClassicSigner.key("Ed25519", 0), "ed25519"));
  }

  @ParameterizedTest
  @MethodSource("keys")
  void verify_everyKeyType_acceptsItsSignatureAndRejectsTampering(KeyPair k, String kind) throws Exception {
    PublicKeyVerifier v = PublicKeyVerifier.fromPem(ClassicSigner.pem(k));
    assertEquals(kind, v.kind());
    byte[] sig = ClassicSigner.sign(k, DATA);
    assertDoesNotThrow(() -> v.verify(DATA, sig));
    byte[] other = "payloae".getBytes(StandardCharsets.UTF_8);
    VerificationException e = assertThrows(VerificationException.class, () -> v.verify(other, sig));
    assertTrue(e.getMessage().startsWith("signature does not verify with " + kind), e.getMessage());
    assertThrows(VerificationException.class, () -> v.verify(DATA, new byte[0]));
    assertThrows(VerificationException.class, () -> v.verify(DATA, "garbage".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void verify_rsaPss_accepted() throws Exception {
    KeyPair k = ClassicSigner.key("RSA", 3072);
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    s.initSign(k.getPrivate());
    s.update(DATA);
    byte[] sig = s.sign();
    PublicKeyVerifier v = PublicKeyVerifier.fromPem(ClassicSigner.pem(k));
    assertEquals("rsa-3072", v.kind());
    assertDoesNotThrow(() -> v.verify(DATA, sig));
  }

  @Test
  void fromPem_p256SignatureWithP384Key_rejected() {
    KeyPair p256 = ClassicSigner.ecKey("secp256r1");
    PublicKeyVerifier v = PublicKeyVerifier.fromPem(ClassicSigner.pem(ClassicSigner.ecKey("secp384r1")));
    assertThrows(VerificationException.class, () -> v.verify(DATA, ClassicSigner.sign(p256, DATA)));
  }

  @Test
  void fromPem_smallRsa_rejectedAtLoad() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PublicKeyVerifier.fromPem(ClassicSigner.pem(ClassicSigner.key("RSA", 1024))));
    assertEquals("RSA key of 1024 bits is too small (2048 or more)", e.getMessage());
  }

  @Test
  void fromPem_p521_rejectedAtLoad() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PublicKeyVerifier.fromPem(ClassicSigner.pem(ClassicSigner.ecKey("secp521r1"))));
    assertTrue(e.getMessage().contains("unsupported EC curve secp521r1 (521-bit)"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "not pem at all",
      "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
      "-----END PUBLIC KEY-----\n-----BEGIN PUBLIC KEY-----\n"})
  void fromPem_malformed_rejectedWithReason(String pem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublicKeyVerifier.fromPem(pem));
    assertTrue(e.getMessage().matches("not a PEM 'PUBLIC KEY' block|PEM body is not valid base64|not a supported "
        + "public key.*"), e.getMessage());
  }

  @Test
  void fromPem_privateKey_toldToGiveThePublicKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PublicKeyVerifier.fromPem("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"));
    assertEquals("this is a private key; give the public key", e.getMessage());
  }

  @Test
  void fromPem_realCosignKeys_load() throws Exception {
    for (String f : new String[] {"cosign.pub", "cosign2.pub", "some-rsa-key.pub"}) {
      String pem = Files.readString(Path.of("testdata/cosign-legacy").resolve(f));
      assertDoesNotThrow(() -> PublicKeyVerifier.fromPem(pem), f);
    }
  }
}
