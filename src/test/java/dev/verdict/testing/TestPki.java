package dev.verdict.testing;

import dev.verdict.testing.cosign.ClassicSigner;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: a CA and serving certificates for given DNS names (what
 * cert-manager issues for {@code <service>.<namespace>.svc}), with EC or RSA keys, as objects, PEM files (the key in
 * PKCS#8 or in the traditional encodings openssl writes: SEC1, PKCS#1), server SSL contexts and client trust.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private final KeyPair caKey = ClassicSigner.ecKey("secp256r1");
  private final X509Certificate ca;

  /** Key encodings a serving key may come in: PKCS#8, or SEC1 (EC) / PKCS#1 (RSA) as openssl writes them. */
  public enum KeyFormat { PKCS8, TRADITIONAL }

  /** A serving certificate and its key. */
  public record Leaf(X509Certificate certificate, KeyPair key, X509Certificate issuer) {
    /** A server context presenting this certificate (and its issuer). */
    public SSLContext serverContext() {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key.getPrivate(), new char[0], new Certificate[] {certificate, issuer});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Writes {@code tls.crt} (leaf then issuer) and {@code tls.key} (PKCS#8) as a Secret volume holds them. */
    public void write(Path certFile, Path keyFile) throws IOException {
      write(certFile, keyFile, KeyFormat.PKCS8);
    }

    /** Writes the chain (leaf then issuer) and the key in {@code format}. */
    public void write(Path certFile, Path keyFile, KeyFormat format) throws IOException {
      Files.writeString(certFile, pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(issuer)));
      Files.writeString(keyFile, format == KeyFormat.PKCS8 ? pem("PRIVATE KEY", key.getPrivate().getEncoded())
          : traditional(key));
    }
  }

  /** A CA named "verdict test CA". */
  public TestPki() {
    this("verdict test CA");
  }

  public TestPki(String name) {
    this.ca = certificate(new X500Name("CN=" + name), caKey, new X500Name("CN=" + name), caKey, List.of(), true,
        Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)));
  }

  public X509Certificate ca() {
    return ca;
  }

  /** The CA as PEM: a webhook configuration's {@code caBundle} (before base64). */
  public String caPem() {
    return pem("CERTIFICATE", encoded(ca));
  }

  /** The CA as a client that verifies the server trusts it (what the apiserver does with the caBundle). */
  public TrustManagerFactory trust() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A serving certificate with an EC key for {@code dnsNames}, valid from an hour ago until {@code notAfter}. */
  public Leaf issue(Instant notAfter, String... dnsNames) {
    return issue(false, notAfter, dnsNames);
  }

  /** A serving certificate for {@code dnsNames}, valid for a day. */
  public Leaf issue(String... dnsNames) {
    return issue(Instant.now().plus(Duration.ofDays(1)), dnsNames);
  }

  /** A serving certificate with an RSA 2048 key ({@code rsa}) or an EC P-256 key. */
  public Leaf issue(boolean rsa, Instant notAfter, String... dnsNames) {
    KeyPair key = rsa ? ClassicSigner.key("RSA", 2048) : ClassicSigner.ecKey("secp256r1");
    X509Certificate cert = certificate(new X500Name("CN=" + dnsNames[0]), key, new X500Name(ca.getSubjectX500Principal()
        .getName()), caKey, List.of(dnsNames), false, Instant.now().minus(Duration.ofHours(1)), notAfter);
    return new Leaf(cert, key, ca);
  }

  /**
   * A serving certificate for {@code dnsName} (and {@code localhost}) valid for {@code validity}, written as
   * {@code dir/tls.crt} and {@code dir/tls.key} (as a cert-manager Secret volume holds them); returns both paths.
   */
  public Path[] serving(Path dir, String dnsName, boolean rsa, KeyFormat format, Duration validity)
      throws IOException {
    Leaf leaf = issue(rsa, Instant.now().plus(validity), dnsName, "localhost");
    Files.createDirectories(dir);
    Path crt = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    leaf.write(crt, key, format);
    return new Path[] {crt, key};
  }

  private static X509Certificate certificate(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
      List<String> dnsNames, boolean isCa, Instant notBefore, Instant notAfter) {
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
          subjectKey.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(Extension.keyUsage, true, isCa ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
          : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      if (!dnsNames.isEmpty()) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An RSA key as PKCS#1, an EC key as SEC1 with the named curve and the public key (both as openssl writes). */
  private static String traditional(KeyPair key) throws IOException {
    if (!(key.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec)) {
      StringWriter w = new StringWriter();
      try (JcaPEMWriter p = new JcaPEMWriter(w)) {
        p.writeObject(new JcaMiscPEMGenerator(key.getPrivate()));
      }
      return w.toString();
    }
    org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getPrivate().getEncoded());
    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo pub =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
        pub.getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters());
    return pem("EC PRIVATE KEY", sec.getEncoded());
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
