package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.VerificationException;
import dev.verdict.testing.sigstore.ClassicAttestation;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * intoto/0.0.1 log entries (what {@code cosign attest} writes): the body must name this envelope's bytes, its
 * payload and its signer, and anything missing or malformed is refused naming the field.
 */
class RekorBodyIntotoV1Test {
  static final byte[] STATEMENT = TestSigner.statement("app", new byte[32], "https://slsa.dev/provenance/v1");
  static TestSigstore sigstore;
  static ClassicAttestation att;

  @BeforeAll
  static void setUp() {
    sigstore = TestSigstore.create();
    att = sigstore.signer("dev@verdict.test", "https://issuer.verdict.test").signClassicAttestation(STATEMENT);
  }

  static SignedContent content(byte[] envelope, byte[] payload, X509Certificate cert) {
    return new SignedContent(null, payload, Pae.encode(InTotoSubjects.IN_TOTO, payload), new byte[] {1}, cert, null, envelope);
  }

  static SignedContent good() {
    return content(att.envelope(), STATEMENT, att.leaf());
  }

  static RekorEntry entry(byte[] body) {
    return new RekorEntry(1, new byte[32], null, null, 0, null, null, body);
  }

  static byte[] edited(Consumer<ObjectNode> edit) {
    ObjectNode body = (ObjectNode) Json.read(att.entry().body());
    edit.accept(body);
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String fails(byte[] body, SignedContent c) {
    return assertThrows(VerificationException.class, () -> RekorBody.match(entry(body), c)).getMessage();
  }

  @Test
  void match_envelopePayloadAndCertificate_passes() throws Exception {
    RekorBody.match(entry(att.entry().body()), good());
    RekorBody.match(new RekorEntry(1, new byte[32], "intoto", "0.0.1", 0, null, null, att.entry().body()), good());
  }

  @Test
  void match_otherPayload_failsOnPayloadHash() {
    byte[] other = TestSigner.statement("app", new byte[32], "https://slsa.dev/provenance/v0.2");
    String m = fails(att.entry().body(), content(att.envelopeOver(other), other, att.leaf()));
    assertTrue(m.startsWith("log entry payload hash "), m);
  }

  @Test
  void match_samePayloadOtherEnvelopeBytes_failsOnEnvelopeHash() {
    byte[] respelled = new String(att.envelope(), StandardCharsets.UTF_8).replace("\"keyid\":\"\"",
        "\"keyid\":\"x\"").getBytes(StandardCharsets.UTF_8);
    String m = fails(att.entry().body(), content(respelled, STATEMENT, att.leaf()));
    assertTrue(m.startsWith("log entry envelope hash "), m);
  }

  @Test
  void match_everyEnvelopeByteFlipped_neverPasses() {
    byte[] env = att.envelope();
    for (int i = 0; i < env.length; i++) {
      byte[] flipped = env.clone();
      flipped[i] ^= 1;
      fails(att.entry().body(), content(flipped, STATEMENT, att.leaf()));
    }
  }

  @Test
  void match_otherCertificate_failsOnSigner() {
    ClassicAttestation other = sigstore.signer("dev@verdict.test", "https://issuer.verdict.test")
        .signClassicAttestation(STATEMENT);
    String m = fails(att.entry().body(), content(att.envelope(), STATEMENT, other.leaf()));
    assertTrue(m.startsWith("log entry signer (certificate serial "), m);
  }

  @Test
  void match_publicKeyEntry_passesOnlyForThatKey() throws Exception {
    String keyPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(att.key().getPublic()
        .getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    byte[] body = ClassicAttestation.intotoBody(att.envelope(), STATEMENT, keyPem);
    SignedContent byKey = new SignedContent(null, STATEMENT, Pae.encode(InTotoSubjects.IN_TOTO, STATEMENT), new byte[] {1},
        null, att.key().getPublic(), att.envelope());
    RekorBody.match(entry(body), byKey);
    var otherKey = dev.verdict.testing.cosign.ClassicSigner.ecKey("secp256r1").getPublic();
    SignedContent byOther = new SignedContent(null, STATEMENT, Pae.encode(InTotoSubjects.IN_TOTO, STATEMENT), new byte[] {1},
        null, otherKey, att.envelope());
    assertTrue(fails(body, byOther).startsWith("log entry signer ("));
    assertTrue(fails(body, good()).startsWith("log entry signer ("), "a key entry is not a certificate's");
  }

  @Test
  void match_withoutEnvelopeBytes_isRefused() {
    String m = fails(att.entry().body(), content(null, STATEMENT, att.leaf()));
    assertEquals("log entry is intoto/0.0.1, which binds the envelope bytes as uploaded, but only the parsed "
        + "envelope is known here", m);
  }

  @Test
  void match_messageSignature_isRefused() {
    SignedContent message = new SignedContent(ArtifactInput.ofBytes(STATEMENT), null, null, new byte[] {1},
        att.leaf(), null);
    assertEquals("log entry records a DSSE envelope but the bundle holds a message signature",
        fails(att.entry().body(), message));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no content.hash | content.hash | | spec.content.hash.algorithm and spec.content.hash.value are required",
      "no content.payloadHash | content.payloadHash | "
          + "| spec.content.payloadHash.algorithm and spec.content.payloadHash.value are required",
      "no hash value | content.hash.value | | spec.content.hash.algorithm and spec.content.hash.value are required",
      "sha512 envelope hash | content.hash.algorithm | sha512 | spec.content.hash.algorithm is sha512, not sha256",
      "short payload hash | content.payloadHash.value | abcd | spec.content.payloadHash.value is not 64 hex digits",
      "no publicKey | publicKey | | spec.publicKey is missing",
      "publicKey not base64 | publicKey | %%% | spec.publicKey is not a base64 PEM certificate or public key (bad base64)",
      "publicKey not PEM | publicKey | bm90IGEgcGVt | spec.publicKey is not a base64 PEM certificate or public key (not a PEM",
  })
  void match_missingOrMalformedField_namesIt(String name, String path, String value, String expected) {
    byte[] body = edited(b -> {
      String[] parts = ("spec." + path).split("\\.");
      ObjectNode n = b;
      for (int i = 0; i < parts.length - 1; i++) {
        n = (ObjectNode) n.get(parts[i]);
      }
      if (value == null) {
        n.remove(parts[parts.length - 1]);
      } else {
        n.put(parts[parts.length - 1], value);
      }
    });
    String m = fails(body, good());
    assertTrue(m.startsWith("log entry body intoto/0.0.1 is malformed: "), m);
    assertTrue(m.contains(expected), m);
  }

  @Test
  void match_malformedBody_isRefused() {
    assertEquals("log entry body is not JSON", fails("{\"apiVersion\":".getBytes(StandardCharsets.UTF_8), good()));
    String m = fails("{\"apiVersion\":\"0.0.1\",\"kind\":\"intoto\",\"spec\":\"x\"}".getBytes(StandardCharsets.UTF_8),
        good());
    assertEquals("log entry body intoto/0.0.1 is malformed: spec.content.payloadHash.algorithm and "
        + "spec.content.payloadHash.value are required", m);
    String claimed = assertThrows(VerificationException.class, () -> RekorBody.match(new RekorEntry(1,
        new byte[32], "intoto", "0.0.2", 0, null, null, att.entry().body()), good())).getMessage();
    assertEquals("log entry claims intoto/0.0.2 but its body is intoto/0.0.1", claimed);
  }
}
