package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signature check of a key-signed bundle on its own: a key authority does not require the log, so a bundle
 * without a log entry is verified by its signature alone. Every tampered bundle elsewhere also carries a log entry
 * that catches it first (PIT showed the signature check could be deleted without a test failing); here there is
 * none, for message signatures and DSSE, with ECDSA, RSA and Ed25519 keys.
 */
class KeySignedBundleTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final byte[] ARTIFACT = "an artifact".getBytes(StandardCharsets.UTF_8);
  static final TrustedRoot ROOT;

  static {
    try {
      ROOT = TrustedRoot.parse(TestSigstore.create().trustedRootJson().getBytes(StandardCharsets.UTF_8), "root");
    } catch (dev.verdict.ConfigException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static KeyPair key(String kind) {
    return switch (kind) {
      case "ec" -> ClassicSigner.ecKey("secp256r1");
      case "rsa" -> ClassicSigner.key("RSA", 2048);
      default -> ClassicSigner.key("Ed25519", 0);
    };
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  static byte[] messageBundle(byte[] signature) throws Exception {
    return JSON.writeValueAsBytes(Map.of("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial", Map.of("publicKey", Map.of("hint", "release")),
        "messageSignature", Map.of("messageDigest", Map.of("algorithm", "SHA2_256", "digest", b64(sha256(ARTIFACT))),
            "signature", b64(signature))));
  }

  static byte[] statement() throws Exception {
    return TestSigner.statement("artifact", sha256(ARTIFACT), "https://example.com/predicate/v1");
  }

  static byte[] dsseBundle(byte[] signature) throws Exception {
    return JSON.writeValueAsBytes(Map.of("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial", Map.of("publicKey", Map.of("hint", "release")),
        "dsseEnvelope", Map.of("payload", b64(statement()), "payloadType", InTotoSubjects.IN_TOTO,
            "signatures", List.of(Map.of("sig", b64(signature), "keyid", "")))));
  }

  static BundleResult verify(KeyPair trusted, byte[] bundle) throws Exception {
    return BundleVerifier.verify(bundle, ArtifactInput.ofBytes(ARTIFACT),
        new KeyRequirements(PublicKeyVerifier.of(trusted.getPublic()), ROOT, false));
  }

  static byte[] flipped(byte[] sig) {
    byte[] bad = sig.clone();
    bad[bad.length / 2] ^= 0x01;
    return bad;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ec", "rsa", "ed25519"})
  void verify_messageSignatureWithoutLogEntry_onlyTheRightSignaturePasses(String kind) throws Exception {
    KeyPair k = key(kind);
    byte[] sig = ClassicSigner.sign(k, ARTIFACT);
    assertEquals(BundleResult.MESSAGE_SIGNATURE, verify(k, messageBundle(sig)).kind());
    assertThrows(SigstoreVerificationException.class, () -> verify(k, messageBundle(flipped(sig))));
    assertThrows(SigstoreVerificationException.class, () -> verify(k, messageBundle(new byte[sig.length])));
    assertThrows(SigstoreVerificationException.class, () -> verify(key(kind), messageBundle(sig)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ec", "rsa", "ed25519"})
  void verify_dsseWithoutLogEntry_onlyTheRightSignaturePasses(String kind) throws Exception {
    KeyPair k = key(kind);
    byte[] sig = ClassicSigner.sign(k, Pae.encode(InTotoSubjects.IN_TOTO, statement()));
    assertEquals(BundleResult.DSSE_ATTESTATION, verify(k, dsseBundle(sig)).kind());
    assertThrows(SigstoreVerificationException.class, () -> verify(k, dsseBundle(flipped(sig))));
    assertThrows(SigstoreVerificationException.class, () -> verify(k, dsseBundle(new byte[sig.length])));
    assertThrows(SigstoreVerificationException.class, () -> verify(key(kind), dsseBundle(sig)));
  }
}
