package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Signature and digest primitives for Sigstore material: the hash follows the key (P-256/SHA-256, P-384/SHA-384,
 * P-521/SHA-512, RSA/SHA-256, Ed25519), as in the Sigstore algorithm registry
 * (https://github.com/sigstore/architecture-docs/blob/main/algorithm-registry.md). Any JCA error is a failed check.
 */
final class Crypto {
  /** The JCA key factory for each SubjectPublicKeyInfo algorithm that Sigstore uses. */
  private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
      X9ObjectIdentifiers.id_ecPublicKey, "EC",
      EdECObjectIdentifiers.id_Ed25519, "Ed25519",
      PKCSObjectIdentifiers.rsaEncryption, "RSA");

  private Crypto() {}

  static byte[] digest(String jcaAlgorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(jcaAlgorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] data) {
    return digest("SHA-256", data);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Maps sha256 / SHA2_256 / SHA-256 spellings to the JCA name, or null when unknown. */
  static String jcaHash(String name) {
    if (name == null) {
      return null;
    }
    return switch (name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "")) {
      case "SHA256", "SHA2256" -> "SHA-256";
      case "SHA384", "SHA2384" -> "SHA-384";
      case "SHA512", "SHA2512" -> "SHA-512";
      default -> null;
    };
  }

  /** The hash a signature by this key uses. */
  static String hashFor(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits > 384 ? "SHA-512" : bits > 256 ? "SHA-384" : "SHA-256";
    }
    return "SHA-256";
  }

  static boolean isEd25519(PublicKey key) {
    return key.getAlgorithm().equalsIgnoreCase("Ed25519") || key.getAlgorithm().equalsIgnoreCase("EdDSA");
  }

  /** Verifies a signature over the whole message. */
  static void verify(PublicKey key, byte[] message, byte[] signature, String what) throws VerificationException {
    String alg;
    if (isEd25519(key)) {
      alg = "Ed25519";
    } else if (key instanceof ECPublicKey) {
      alg = hashFor(key).replace("-", "") + "withECDSA";
    } else if (key instanceof RSAPublicKey) {
      alg = "SHA256withRSA";
    } else {
      throw new VerificationException(what + ": unsupported key algorithm " + key.getAlgorithm());
    }
    try {
      Signature s = Signature.getInstance(alg);
      s.initVerify(key);
      s.update(message);
      if (s.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // a malformed signature is an invalid signature
    }
    throw new VerificationException(what + " does not verify with " + describe(key));
  }

  /** Verifies a signature given only the message digest (hashedrekord over a digest); not possible for Ed25519. */
  static void verifyDigest(PublicKey key, String jcaHash, byte[] digest, byte[] signature, String what)
      throws VerificationException {
    try {
      Signature s;
      byte[] input;
      if (key instanceof ECPublicKey) {
        s = Signature.getInstance("NONEwithECDSA");
        input = digest;
      } else if (key instanceof RSAPublicKey) {
        s = Signature.getInstance("NONEwithRSA");
        input = new DigestInfo(new AlgorithmIdentifier(switch (jcaHash) {
          case "SHA-384" -> NISTObjectIdentifiers.id_sha384;
          case "SHA-512" -> NISTObjectIdentifiers.id_sha512;
          default -> NISTObjectIdentifiers.id_sha256;
        }, DERNull.INSTANCE), digest)
            .getEncoded("DER");
      } else {
        throw new VerificationException(what + ": " + describe(key) + " cannot verify a bare digest; give the file");
      }
      s.initVerify(key);
      s.update(input);
      if (s.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      // invalid
    }
    throw new VerificationException(what + " does not verify with " + describe(key));
  }

  /** Parses a SubjectPublicKeyInfo, or a PKCS#1 RSAPublicKey when {@code pkcs1Rsa}. */
  static PublicKey publicKey(byte[] der, boolean pkcs1Rsa) {
    byte[] spki = der;
    if (pkcs1Rsa) {
      try {
        SubjectPublicKeyInfo.getInstance(der);
      } catch (RuntimeException notSpki) {
        try {
          spki = new SubjectPublicKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), der).getEncoded("DER");
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("bad RSA key");
        }
      }
    }
    // the key's own algorithm identifier picks the key factory: trying each factory in turn made the JCA look for
    // another provider of that algorithm after each failure, which loads every configured provider (and, where one
    // is absent from the runtime, instantiates each provider found on the class path, Bouncy Castle's among them)
    String algorithm;
    try {
      algorithm = KEY_ALGORITHMS.get(SubjectPublicKeyInfo.getInstance(spki).getAlgorithm().getAlgorithm());
    } catch (RuntimeException e) {
      algorithm = null;
    }
    if (algorithm != null) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
      } catch (GeneralSecurityException | RuntimeException e) {
        // not a valid key of its declared algorithm
      }
    }
    throw new IllegalArgumentException("not a supported public key (EC, Ed25519, RSA)");
  }

  static String describe(PublicKey key) {
    String kind;
    if (key instanceof ECPublicKey ec) {
      kind = "ecdsa-p" + ec.getParams().getCurve().getField().getFieldSize();
    } else if (key instanceof RSAPublicKey rsa) {
      kind = "rsa-" + rsa.getModulus().bitLength();
    } else {
      kind = key.getAlgorithm().toLowerCase(Locale.ROOT);
    }
    return kind + " key sha256:" + hex(sha256(key.getEncoded())).substring(0, 16);
  }
}
