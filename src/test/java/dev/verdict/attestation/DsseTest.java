package dev.verdict.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.VerificationException;
import dev.verdict.sigstore.Pae;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DsseTest {
  static final byte[] PAYLOAD = "hello world".getBytes(StandardCharsets.UTF_8);

  static Stream<Arguments> keys() {
    return Stream.of(
        Arguments.of(ClassicSigner.ecKey("secp256r1")),
        Arguments.of(ClassicSigner.ecKey("secp384r1")),
        Arguments.of(ClassicSigner.key("RSA", 2048)),
        Arguments.of(ClassicSigner.key("Ed25519", 0)));
  }

  @ParameterizedTest
  @MethodSource("keys")
  void verify_everyKeyType_acceptsItsEnvelope(KeyPair k) throws Exception {
    Dsse.Envelope e = Dsse.parse(Envelopes.signed(k, "text/plain", PAYLOAD));
    assertEquals("text/plain", e.payloadType());
    assertArrayEquals(PAYLOAD, e.payload());
    assertEquals("", e.signatures().get(0).keyid());
    assertDoesNotThrow(() -> Dsse.verify(e, PublicKeyVerifier.fromPem(ClassicSigner.pem(k))));
    EnvelopeSigner s = Dsse.verify(e, SignatureCheck.of(PublicKeyVerifier.fromPem(ClassicSigner.pem(k))));
    assertEquals("key", s.method());
    assertTrue(s.identity().contains("sha256:"), s.identity());
  }

  @ParameterizedTest
  @MethodSource("keys")
  void verify_anotherKey_rejected(KeyPair k) throws Exception {
    Dsse.Envelope e = Dsse.parse(Envelopes.signed(k, "text/plain", PAYLOAD));
    PublicKeyVerifier other = PublicKeyVerifier.fromPem(ClassicSigner.pem(ClassicSigner.ecKey("secp256r1")));
    VerificationException ex = assertThrows(VerificationException.class, () -> Dsse.verify(e, other));
    assertTrue(ex.getMessage().startsWith("signature does not verify with ecdsa-p256"), ex.getMessage());
  }

  /** Tink-style mutation test: every byte of payload, payload type and signature matters. */
  @ParameterizedTest
  @MethodSource("keys")
  void verify_everyFlippedByte_rejected(KeyPair k) throws Exception {
    PublicKeyVerifier key = PublicKeyVerifier.fromPem(ClassicSigner.pem(k));
    String type = "application/vnd.in-toto+json";
    byte[] sig = ClassicSigner.sign(k, Pae.encode(type, PAYLOAD));
    for (int i = 0; i < PAYLOAD.length; i++) {
      byte[] p = PAYLOAD.clone();
      p[i] ^= 0x01;
      Dsse.Envelope e = Dsse.parse(Envelopes.json(type, p, sig));
      assertThrows(VerificationException.class, () -> Dsse.verify(e, key), "payload byte " + i);
    }
    for (int i = 0; i < sig.length; i++) {
      byte[] s = sig.clone();
      s[i] ^= 0x01;
      Dsse.Envelope e = Dsse.parse(Envelopes.json(type, PAYLOAD, s));
      assertThrows(VerificationException.class, () -> Dsse.verify(e, key), "signature byte " + i);
    }
    Dsse.Envelope retyped = Dsse.parse(Envelopes.json("application/vnd.in-toto+jsoN", PAYLOAD, sig));
    assertThrows(VerificationException.class, () -> Dsse.verify(retyped, key));
    Dsse.Envelope good = Dsse.parse(Envelopes.json(type, PAYLOAD, sig));
    assertDoesNotThrow(() -> Dsse.verify(good, key));
  }

  @Test
  void verify_oneOfTwoSignaturesValid_accepted() throws Exception {
    KeyPair k = ClassicSigner.ecKey("secp256r1");
    byte[] good = ClassicSigner.sign(k, Pae.encode("t", PAYLOAD));
    byte[] bad = ClassicSigner.sign(ClassicSigner.ecKey("secp256r1"), Pae.encode("t", PAYLOAD));
    String json = "{\"payloadType\":\"t\",\"payload\":\"" + Base64.getEncoder().encodeToString(PAYLOAD)
        + "\",\"signatures\":[{\"keyid\":\"other\",\"sig\":\"" + Base64.getEncoder().encodeToString(bad)
        + "\"},{\"keyid\":\"unrelated-hint\",\"sig\":\"" + Base64.getEncoder().encodeToString(good) + "\"}]}";
    Dsse.Envelope e = Dsse.parse(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, e.signatures().size());
    // keyids are unauthenticated hints: a mismatching keyid neither rejects nor selects
    assertDoesNotThrow(() -> Dsse.verify(e, PublicKeyVerifier.fromPem(ClassicSigner.pem(k))));
  }

  @Test
  void verify_noneOfTwoSignaturesValid_rejectedNamingCount() throws Exception {
    KeyPair k = ClassicSigner.ecKey("secp256r1");
    String sig = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    String json = "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"sig\":\"" + sig + "\"},{\"sig\":\""
        + sig + "\"}]}";
    Dsse.Envelope e = Dsse.parse(json.getBytes(StandardCharsets.UTF_8));
    assertNull(e.signatures().get(0).keyid());
    VerificationException ex = assertThrows(VerificationException.class,
        () -> Dsse.verify(e, PublicKeyVerifier.fromPem(ClassicSigner.pem(k))));
    assertTrue(ex.getMessage().startsWith("none of 2 signatures verifies; last: signature does not verify"),
        ex.getMessage());
  }

  @Test
  void parse_urlSafeAndUnpaddedBase64_accepted() throws Exception {
    byte[] payload = {(byte) 0xfb, (byte) 0xff, (byte) 0xfe, 0x10};
    String url = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    assertTrue(url.contains("-") || url.contains("_"), url);
    String json = "{\"payloadType\":\"t\",\"payload\":\"" + url + "\",\"signatures\":[{\"sig\":\"AQID\"}]}";
    assertArrayEquals(payload, Dsse.parse(json.getBytes(StandardCharsets.UTF_8)).payload());
  }

  static List<String[]> malformed() {
    return List.of(
        new String[] {"not json", "DSSE envelope is not valid JSON"},
        new String[] {"[]", "DSSE envelope is not a JSON object"},
        new String[] {"{\"payload\":\"\",\"signatures\":[{\"sig\":\"AQ==\"}]}", "DSSE envelope: payloadType is missing"},
        new String[] {"{\"payloadType\":\"\",\"payload\":\"\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
            "DSSE envelope: payloadType is empty"},
        new String[] {"{\"payloadType\":1,\"payload\":\"\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
            "DSSE envelope: payloadType must be a string"},
        new String[] {"{\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}", "DSSE envelope: payload is missing"},
        new String[] {"{\"payloadType\":\"t\",\"payload\":\"!!\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
            "DSSE envelope: payload is not valid base64"},
        new String[] {"{\"payloadType\":\"t\",\"payload\":\"\"}", "DSSE envelope: signatures must be an array"},
        new String[] {"{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[]}", "DSSE envelope: signatures is empty"},
        new String[] {"{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{}]}",
            "DSSE envelope: signatures[0].sig is missing"},
        new String[] {"{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"sig\":\"\"}]}",
            "DSSE envelope: signatures[0].sig is empty"},
        new String[] {"{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"sig\":\"AQ==\",\"keyid\":5}]}",
            "DSSE envelope: signatures[0].keyid must be a string"},
        new String[] {"{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[\"AQ==\"]}",
            "DSSE envelope: signatures[0] is not an object"},
        new String[] {"{\"payloadType\":\"t\",\"payloadType\":\"u\",\"payload\":\"\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
            "DSSE envelope is not valid JSON: Duplicate Object property \"payloadType\""});
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void parse_malformed_rejectedNamingWhat(String json, String message) {
    VerificationException e = assertThrows(VerificationException.class,
        () -> Dsse.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"valid/custom", "valid/vuln", "malformed/custom", "malformed/vuln"})
  void parse_cosignEnvelopes_inTotoPayload(String name) throws Exception {
    Dsse.Envelope e = Dsse.parse(Envelopes.read("cosign-predicates/envelopes/" + name));
    assertEquals(Statement.PAYLOAD_TYPE, e.payloadType());
    assertEquals(1, e.signatures().size());
    assertEquals(Statement.V01, Statement.parse(e.payload()).type());
  }
}
