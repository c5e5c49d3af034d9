package dev.verdict.testing;

import dev.verdict.testing.cosign.ClassicSigner;
import java.io.IOException;
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
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: a CA and serving certificates for given DNS names (what
 * cert-manager issues for {@code <service>.<namespace>.svc}), as objects, PEM files and server SSL contexts.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private final KeyPair caKey = ClassicSigner.ecKey("secp256r1");
  private final X509Certificate ca;

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
      Files.writeString(certFile, pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(issuer)));
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getPrivate().getEncoded()));
    }
  }

  public TestPki(String name) {
    this.ca = certificate(new X500Name("CN=" + name), caKey, new X500Name("CN=" + name), caKey, List.of(), true,
        Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
  }

  public X509Certificate ca() {
    return ca;
  }

  /** The CA as PEM: a webhook configuration's {@code caBundle} (before base64). */
  public String caPem() {
    return pem("CERTIFICATE", encoded(ca));
  }

  /** A serving certificate for {@code dnsNames}, valid from an hour ago until {@code notAfter}. */
  public Leaf issue(Instant notAfter, String... dnsNames) {
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    X509Certificate cert = certificate(new X500Name("CN=" + dnsNames[0]), key, new X500Name(ca.getSubjectX500Principal()
        .getName()), caKey, List.of(dnsNames), false, Instant.now().minus(Duration.ofHours(1)), notAfter);
    return new Leaf(cert, key, ca);
  }

  /** A serving certificate for {@code dnsNames}, valid for a day. */
  public Leaf issue(String... dnsNames) {
    return issue(Instant.now().plus(Duration.ofDays(1)), dnsNames);
  }

  private static X509Certificate certificate(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
      List<String> dnsNames, boolean isCa, Instant notBefore, Instant notAfter) {
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
          subjectKey.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (!dnsNames.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
            .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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
