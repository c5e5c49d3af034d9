package dev.verdict.testing.sigstore;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/** A test RFC 3161 TSA (Bouncy Castle's TimeStampTokenGenerator) with its own root. */
public final class TestTsa {
  private final KeyPair rootKey = TestSigstore.ec("secp384r1");
  private final KeyPair key = TestSigstore.ec("secp256r1");
  private final X509Certificate root;
  private final X509Certificate cert;
  private long serial = 1;

  TestTsa(Instant from, Instant to) {
    try {
      JcaX509v3CertificateBuilder rb = new JcaX509v3CertificateBuilder(new X500Name("CN=Test TSA Root"),
          BigInteger.TWO, Date.from(from), Date.from(to), new X500Name("CN=Test TSA Root"), rootKey.getPublic());
      rb.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      rb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
      root = TestSigstore.build(rb, rootKey.getPrivate());
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Test TSA Root"),
          BigInteger.TEN, Date.from(from), Date.from(to), new X500Name("CN=Test TSA"), key.getPublic());
      b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
      cert = TestSigstore.build(b, rootKey.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  List<X509Certificate> chain() {
    return List.of(cert, root);
  }

  /** A DER TimeStampResp over SHA-256 of {@code signature}, at {@code time}. */
  public byte[] timestamp(byte[] signature, Instant time) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(signature);
      TimeStampTokenGenerator g = new TimeStampTokenGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
          .build("SHA256withECDSA", key.getPrivate(), cert), new org.bouncycastle.operator.bc.BcDigestCalculatorProvider()
          .get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.oiw.OIWObjectIdentifiers.idSHA1)),
          new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.2"));
      g.addCertificates(new JcaCertStore(List.of(cert)));
      byte[] req = new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256, digest).getEncoded();
      TimeStampResponseGenerator rg = new TimeStampResponseGenerator(g, TSPAlgorithms.ALLOWED);
      return rg.generate(new org.bouncycastle.tsp.TimeStampRequest(req), BigInteger.valueOf(serial++),
          Date.from(time)).getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
