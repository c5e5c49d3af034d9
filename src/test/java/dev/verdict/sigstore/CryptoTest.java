package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactorySpi;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.KeySpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoTest {
  @ParameterizedTest
  @ValueSource(strings = {"EC", "Ed25519", "RSA"})
  void publicKey_sigstoreKeyTypes_parsedAsTheirAlgorithm(String algorithm) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      g.initialize(new ECGenParameterSpec("secp256r1"));
    }
    PublicKey key = g.generateKeyPair().getPublic();

    PublicKey parsed = Crypto.publicKey(key.getEncoded(), false);

    assertArrayEquals(key.getEncoded(), parsed.getEncoded());
    assertEquals(key.getAlgorithm().replace("EdDSA", "Ed25519"), parsed.getAlgorithm().replace("EdDSA", "Ed25519"));
  }

  @Test
  void publicKey_pkcs1RsaWhenAllowed_wrappedAsSpki() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    RSAPublicKey key = (RSAPublicKey) g.generateKeyPair().getPublic();
    byte[] pkcs1 = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();

    RSAPublicKey parsed = (RSAPublicKey) Crypto.publicKey(pkcs1, true);

    assertEquals(key.getModulus(), parsed.getModulus());
    assertThrows(IllegalArgumentException.class, () -> Crypto.publicKey(pkcs1, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"X25519", "Ed448", "DSA"})
  void publicKey_otherAlgorithms_rejected(String algorithm) throws Exception {
    byte[] der = KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPublic().getEncoded();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Crypto.publicKey(der, false));

    assertEquals("not a supported public key (EC, Ed25519, RSA)", e.getMessage());
  }

  @Test
  void publicKey_garbage_rejected() {
    assertThrows(IllegalArgumentException.class, () -> Crypto.publicKey(new byte[] {0x30, 0x03, 1, 2, 3}, false));
  }

  /**
   * A key goes only to the key factory of its own algorithm. Trying factories in turn made the JCA offer an Ed25519
   * or RSA key to every provider's EC factory after the first refused it, which loads every configured provider
   * (and on a trimmed runtime instantiates every provider on the class path) at the first trusted root read.
   */
  @Test
  void publicKey_ed25519AndRsaKeys_neverOfferedToAnEcFactory() throws Exception {
    byte[] ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
    byte[] rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded();
    Provider probe = new Provider("VerdictEcFactoryProbe", "1", "counts EC key factory calls") {
      private static final long serialVersionUID = 1L;

      {
        put("KeyFactory.EC", CountingKeyFactory.class.getName());
      }
    };
    Security.addProvider(probe);
    try {
      CountingKeyFactory.CALLS.set(0);

      Crypto.publicKey(ed25519, false);
      Crypto.publicKey(rsa, false);

      assertEquals(0, CountingKeyFactory.CALLS.get());
    } finally {
      Security.removeProvider(probe.getName());
    }
  }

  /** An EC key factory that refuses every key and counts the keys it was offered. */
  public static final class CountingKeyFactory extends KeyFactorySpi {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    protected PublicKey engineGeneratePublic(KeySpec spec) throws java.security.spec.InvalidKeySpecException {
      CALLS.incrementAndGet();
      throw new java.security.spec.InvalidKeySpecException("probe");
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec spec) throws java.security.spec.InvalidKeySpecException {
      throw new java.security.spec.InvalidKeySpecException("probe");
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> spec)
        throws java.security.spec.InvalidKeySpecException {
      throw new java.security.spec.InvalidKeySpecException("probe");
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
      throw new InvalidKeyException("probe");
    }
  }
}
