package dev.verdict.sigstore;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.VerificationException;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.nio.file.Path;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A public key that verifies signatures: ECDSA P-256 (SHA-256) and P-384 (SHA-384), RSA of at least 2048 bits
 * (PKCS#1 v1.5 or PSS, SHA-256), Ed25519. The key is checked when loaded, not when used; any JCA failure during
 * verification counts as an invalid signature.
 */
public final class PublicKeyVerifier {
  private final PublicKey key;
  private final String kind;

  private PublicKeyVerifier(PublicKey key, String kind) {
    this.key = key;
    this.kind = kind;
  }

  /** A PEM public key is well under 1 KiB; the cap only stops a wrong file from being read whole. */
  public static final long MAX_FILE_BYTES = 64 * 1024;

  /**
   * Reads a PEM public key file ({@code --key}): the one loader of the command line, so that every command reads,
   * checks and reports a key file the same way. A problem is a {@link ConfigException} naming the file.
   */
  public static PublicKeyVerifier load(Path file) throws ConfigException {
    String pem;
    try {
      pem = InputFiles.readUtf8(file, MAX_FILE_BYTES);
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read key file: " + InputFiles.reason(e), e);
    }
    try {
      return fromPem(pem);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file, "invalid public key: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo). Throws {@link IllegalArgumentException} naming what is
   * wrong (not PEM, unsupported curve, RSA too small...).
   */
  public static PublicKeyVerifier fromPem(String pem) {
    String body = pemBody(pem, "PUBLIC KEY");
    int blocks = pem.split("-----BEGIN ", -1).length - 1;
    if (blocks > 1) {
      // which key would verify is not for the reader to pick (and a private key must not travel with it)
      throw new IllegalArgumentException("holds " + blocks + " PEM blocks; give a file with one PUBLIC KEY");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM body is not valid base64");
    }
    return fromDer(der);
  }

  /** Parses a DER SubjectPublicKeyInfo. */
  public static PublicKeyVerifier fromDer(byte[] der) {
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      PublicKey k;
      try {
        k = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        continue;
      }
      return of(k);
    }
    throw new IllegalArgumentException("not a supported public key (ECDSA P-256/P-384, RSA, Ed25519)");
  }

  /** Wraps and checks a JCA key. */
  public static PublicKeyVerifier of(PublicKey k) {
    if (k instanceof ECPublicKey ec) {
      // The field size alone names no curve: secp256k1 and brainpoolP256r1 are 256-bit too, and a key with explicit
      // parameters can copy P-256's field with another generator. The whole domain must be the named curve's.
      if (sameCurve(ec.getParams(), "secp256r1")) {
        return new PublicKeyVerifier(k, "ecdsa-p256");
      }
      if (sameCurve(ec.getParams(), "secp384r1")) {
        return new PublicKeyVerifier(k, "ecdsa-p384");
      }
      throw new IllegalArgumentException("unsupported EC curve " + curveName(k, ec)
          + " (only NIST P-256 and P-384)");
    }
    if (k instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < 2048) {
        throw new IllegalArgumentException("RSA key of " + bits + " bits is too small (2048 or more)");
      }
      return new PublicKeyVerifier(k, "rsa-" + bits);
    }
    if ("Ed25519".equalsIgnoreCase(k.getAlgorithm()) || "EdDSA".equalsIgnoreCase(k.getAlgorithm())) {
      return new PublicKeyVerifier(k, "ed25519");
    }
    throw new IllegalArgumentException("unsupported key algorithm " + k.getAlgorithm());
  }

  /**
   * The name of a refused key's curve, e.g. {@code secp256k1}, so the error never reads as if P-256 were refused:
   * the named-curve OID of its SubjectPublicKeyInfo, else "with explicit parameters" and the field size.
   */
  static String curveName(PublicKey k, ECPublicKey ec) {
    String bits = ec.getParams().getCurve().getField().getFieldSize() + "-bit";
    try {
      var params = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(k.getEncoded()).getAlgorithm()
          .getParameters();
      if (params instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
        String name = org.bouncycastle.asn1.x9.ECNamedCurveTable.getName(oid);
        return (name != null ? name : "OID " + oid.getId()) + " (" + bits + ")";
      }
    } catch (RuntimeException e) {
      // not DER we can read: fall through to the field size
    }
    return "with explicit parameters (" + bits + ", not exactly a named curve)";
  }

  /** Whether {@code p} is the domain of the named curve: field, coefficients, generator, order and cofactor. */
  private static boolean sameCurve(ECParameterSpec p, String name) {
    ECParameterSpec named;
    try {
      AlgorithmParameters a = AlgorithmParameters.getInstance("EC");
      a.init(new ECGenParameterSpec(name));
      named = a.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      return false;
    }
    return p.getCurve().equals(named.getCurve()) && p.getGenerator().equals(named.getGenerator())
        && p.getOrder().equals(named.getOrder()) && p.getCofactor() == named.getCofactor();
  }

  static String pemBody(String pem, String label) {
    if (pem == null) {
      throw new IllegalArgumentException("no PEM data");
    }
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      if (pem.contains("PRIVATE KEY")) {
        throw new IllegalArgumentException("this is a private key; give the public key");
      }
      throw new IllegalArgumentException("not a PEM '" + label + "' block");
    }
    return pem.substring(b + begin.length(), e);
  }

  /** Verifies {@code signature} over {@code data}; throws when it does not verify. */
  public void verify(byte[] data, byte[] signature) throws VerificationException {
    List<String> algorithms = switch (kind) {
      case "ecdsa-p256" -> List.of("SHA256withECDSA");
      case "ecdsa-p384" -> List.of("SHA384withECDSA");
      case "ed25519" -> List.of("Ed25519");
      default -> List.of("SHA256withRSA", "RSASSA-PSS");
    };
    for (String algorithm : algorithms) {
      try {
        Signature s = Signature.getInstance(algorithm);
        if (algorithm.equals("RSASSA-PSS")) {
          s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        s.initVerify(key);
        s.update(data);
        if (s.verify(signature)) {
          return;
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        // a malformed signature is an invalid signature
      }
    }
    throw new VerificationException("signature does not verify with " + describe());
  }

  public PublicKey publicKey() {
    return key;
  }

  /** {@code ecdsa-p256}, {@code rsa-3072}, {@code ed25519}... */
  public String kind() {
    return kind;
  }

  /** SHA-256 of the DER SubjectPublicKeyInfo, hex: a stable key id for reports. */
  public String fingerprint() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String describe() {
    return kind + " key sha256:" + fingerprint().substring(0, 16);
  }
}
