package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.VerificationException;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.policy.Authority;
import dev.verdict.policy.Location;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistinctSignersTest {
  static DistinctSigners.Valid v(String... tokens) {
    return new DistinctSigners.Valid(Map.of(), Set.of(tokens));
  }

  @Test
  void assign_greedyWouldMissOne_findsTheLargestAssignment() {
    // a could take x or y, b only x: taking x for a (first valid) would leave b out
    Map<String, DistinctSigners.Valid> m = DistinctSigners.assign(List.of("a", "b"),
        Map.of("a", List.of(v("signature x", "key k1"), v("signature y", "key k2")),
            "b", List.of(v("signature x", "key k1"))));
    assertEquals(2, m.size());
    assertEquals(Set.of("signature y", "key k2"), m.get("a").signer());
  }

  @Test
  void assign_sharedKeyOrIdentity_countsOnce() {
    assertEquals(1, DistinctSigners.assign(List.of("a", "b"), Map.of(
        "a", List.of(v("signature x", "key k")), "b", List.of(v("signature y", "key k")))).size());
    assertEquals(1, DistinctSigners.assign(List.of("a", "b"), Map.of(
        "a", List.of(v("signature x", "key k1", "identity i")),
        "b", List.of(v("signature y", "key k2", "identity i")))).size());
    assertEquals(2, DistinctSigners.assign(List.of("a", "b"), Map.of(
        "a", List.of(v("signature x", "key k1", "identity i")),
        "b", List.of(v("signature y", "key k2", "identity j")))).size());
    assertEquals(0, DistinctSigners.assign(List.of("a"), Map.of()).size());
  }

  static final Authority.Key KEY = new Authority.Key("k", Location.NONE,
      PublicKeyVerifier.of(ClassicSigner.ecKey("secp256r1").getPublic()), "k");

  static AttachedBundle bundle(String json) {
    return new AttachedBundle("bundle", null, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void of_sameSignatureAsLayerAndAsBundle_isOneSigner() throws Exception {
    byte[] sig = {1, 2, 3};
    String b64 = Base64.getEncoder().encodeToString(sig);
    Set<String> layer = DistinctSigners.of(new SignatureLayer("sig", 1, null, null, new byte[0], sig, Map.of(), null),
        KEY, Map.of());
    Set<String> message = DistinctSigners.of(bundle("{\"messageSignature\":{\"signature\":\"" + b64 + "\"},"
        + "\"verificationMaterial\":{\"publicKey\":{\"hint\":\"h\"}}}"), KEY, Map.of());
    Set<String> dsse = DistinctSigners.of(bundle("{\"dsseEnvelope\":{\"signatures\":[{\"sig\":\"" + b64
        + "\"}]},\"verificationMaterial\":{\"publicKey\":{\"hint\":\"h\"}}}"), KEY, Map.of());
    assertEquals(layer, message);
    assertEquals(layer, dsse);
    assertTrue(layer.contains("key " + KEY.key().fingerprint()), layer.toString());
    assertEquals(2, layer.size());
  }

  @Test
  void of_bundleWithoutSignatureOrCertificateAuthorityWithoutCertificate_cannotBeCounted() {
    assertThrows(VerificationException.class, () -> DistinctSigners.of(bundle("{\"verificationMaterial\":{}}"), KEY,
        Map.of()));
    Authority keyless = new Authority.Keyless("ci", Location.NONE, null, List.of(), Map.of(),
        dev.verdict.policy.TlogMode.REQUIRED);
    assertThrows(VerificationException.class, () -> DistinctSigners.of(bundle("{\"messageSignature\":"
        + "{\"signature\":\"AQID\"},\"verificationMaterial\":{\"publicKey\":{}}}"), keyless, Map.of()));
  }
}
