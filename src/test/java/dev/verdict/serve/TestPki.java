package dev.verdict.serve;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA and serving certificates for {@code <service>.<namespace>.svc}, as cert-manager would issue them. */
final class TestPki {
  final KeyPair caKey = ec();
  final X509Certificate ca;

  TestPki() throws Exception {
    ca = issue(caKey, "CN=verdict test CA", caKey, new X500Name("CN=verdict test CA"), null, true,
        Duration.ofDays(30));
  }

  /** Key encodings a serving key may come in. */
  enum KeyFormat { PKCS8, TRADITIONAL }

  /** A serving certificate for {@code dnsName} (and {@code localhost}) signed by the CA, written as tls.crt/tls.key. */
  Path[] serving(Path dir, String dnsName, boolean rsa, KeyFormat format, Duration validity) throws Exception {
    KeyPair key = rsa ? rsa() : ec();
    X509Certificate cert = issue(key, "CN=" + dnsName, caKey, new X500Name("CN=verdict test CA"),
        new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, dnsName),
            new GeneralName(GeneralName.dNSName, "localhost")}), false, validity);
    Files.createDirectories(dir);
    Path crt = Files.writeString(dir.resolve("tls.crt"), pem(cert) + pem(ca));
    Path k = Files.writeString(dir.resolve("tls.key"), format == KeyFormat.PKCS8
        ? pem(new JcaPKCS8Generator(key.getPrivate(), null))
        : rsa ? pem(new JcaMiscPEMGenerator(key.getPrivate())) : sec1(key));
    return new Path[] {crt, k};
  }

  /** The CA as the webhook configuration's caBundle would hold it, for a client that verifies the server. */
  TrustManagerFactory trust() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf;
  }

  static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate issue(KeyPair subject, String dn, KeyPair issuerKey, X500Name issuer,
      GeneralNames sans, boolean isCa, Duration validity) throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
        Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), new X500Name(dn), subject.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    b.addExtension(Extension.keyUsage, true, isCa ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
        : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    if (sans != null) {
      b.addExtension(Extension.subjectAlternativeName, false, sans);
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
  }

  /** An EC key as openssl writes it: SEC1 with the named curve and the public key. */
  static String sec1(KeyPair key) throws IOException {
    org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getPrivate().getEncoded());
    java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) key.getPrivate();
    org.bouncycastle.asn1.x509.SubjectPublicKeyInfo pub =
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
        pub.getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters());
    return pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec.getEncoded()));
  }

  static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      if (o instanceof org.bouncycastle.util.io.pem.PemObjectGenerator g) {
        p.writeObject(g);
      } else {
        p.writeObject(o);
      }
    }
    return w.toString();
  }
}
