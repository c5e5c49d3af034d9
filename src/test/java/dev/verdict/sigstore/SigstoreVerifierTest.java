package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.testing.cosign.ClassicSigner;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The facade the engine builds once per authority: the same verdicts as the verifiers it fronts. */
class SigstoreVerifierTest {
  private static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  private static final SigstoreVerifier BY_KEY = new SigstoreVerifier(
      new KeyRequirements(PublicKeyVerifier.of(KEY.getPublic()), KeySignedBundleTest.ROOT, false));

  @Test
  void bundle_signedByItsKey_verifies() throws Exception {
    byte[] sig = ClassicSigner.sign(KEY, KeySignedBundleTest.ARTIFACT);
    BundleResult r = BY_KEY.bundle(KeySignedBundleTest.messageBundle(sig),
        ArtifactInput.ofBytes(KeySignedBundleTest.ARTIFACT));
    assertEquals(BundleResult.MESSAGE_SIGNATURE, r.kind());
    assertEquals("key", r.signer().method());
  }

  @Test
  void bundle_otherKeyOrTampered_denied() throws Exception {
    byte[] sig = ClassicSigner.sign(ClassicSigner.ecKey("secp256r1"), KeySignedBundleTest.ARTIFACT);
    assertThrows(SigstoreVerificationException.class, () -> BY_KEY.bundle(KeySignedBundleTest.messageBundle(sig),
        ArtifactInput.ofBytes(KeySignedBundleTest.ARTIFACT)));
    byte[] good = ClassicSigner.sign(KEY, KeySignedBundleTest.ARTIFACT);
    assertThrows(SigstoreVerificationException.class, () -> BY_KEY.bundle(
        KeySignedBundleTest.messageBundle(KeySignedBundleTest.flipped(good)),
        ArtifactInput.ofBytes(KeySignedBundleTest.ARTIFACT)));
  }

  @Test
  void cosignLayers_keyVerifier_refusedNotGuessed() {
    assertThrows(ClassCastException.class, () -> BY_KEY.cosignSignature(new byte[1], new byte[1], Map.of()));
    assertThrows(ClassCastException.class,
        () -> BY_KEY.cosignAttestation(new byte[1], new byte[1], new byte[1], Map.of()));
  }

  @Test
  void requirements_areTheOnesItWasBuiltWith() {
    KeyRequirements req = new KeyRequirements(PublicKeyVerifier.of(KEY.getPublic()), null, false);
    assertSame(req, new SigstoreVerifier(req).requirements());
    assertThrows(NullPointerException.class, () -> new SigstoreVerifier(null));
  }
}
