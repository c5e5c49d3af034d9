package dev.verdict.bench;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import dev.verdict.testing.cosign.ClassicSigner;

/**
 * The bench's serving certificates, as cert-manager lays them out: a CA, and serving certificates for
 * {@code verdict.bench.svc} and 127.0.0.1 in a directory whose {@code tls.crt}/{@code tls.key} are links through
 * {@code ..data}, so a rotation swaps one symlink as a Secret volume does.
 */
final class BenchTls {
  static final String SERVICE_NAME = "verdict.bench.svc";
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  final KeyPair caKey = ClassicSigner.ecKey("secp256r1");
  final X509Certificate ca;
  final Path dir;
  private int version;

  BenchTls(Path dir) throws Exception {
    this.dir = Files.createDirectories(dir);
    X500Name name = new X500Name("CN=verdict-bench-ca");
    ca = certificate(name, caKey, name, caKey, true);
  }

  /** Writes a new serving certificate and key and points tls.crt/tls.key at them (atomically); returns it. */
  X509Certificate rotate() throws Exception {
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    X509Certificate cert = certificate(new X500Name("CN=" + SERVICE_NAME), key, new X500Name("CN=verdict-bench-ca"),
        caKey, false);
    Path v = Files.createDirectories(dir.resolve("..v" + (++version)));
    Files.writeString(v.resolve("tls.crt"), pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(v.resolve("tls.key"), pem("PRIVATE KEY", key.getPrivate().getEncoded()));
    Path link = dir.resolve("..data_tmp");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, v.getFileName());
    Files.move(link, dir.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    for (String f : new String[] {"tls.crt", "tls.key"}) {
      if (!Files.exists(dir.resolve(f), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(dir.resolve(f), Path.of("..data", f));
      }
    }
    last = cert;
    lastKey = key;
    return cert;
  }

  X509Certificate last;
  KeyPair lastKey;

  /** The current certificate and key as a PKCS#12 keystore (for the bare baseline server). */
  Path keystore(String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", lastKey.getPrivate(), password.toCharArray(), new Certificate[] {last, ca});
    Path p = dir.getParent().resolve("baseline.p12");
    try (OutputStream out = Files.newOutputStream(p)) {
      ks.store(out, password.toCharArray());
    }
    return p;
  }

  /** A client context that trusts only the bench CA, as the apiserver trusts only the webhook's caBundle. */
  SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, tmf.getTrustManagers(), null);
    return c;
  }

  private static X509Certificate certificate(X500Name subject, KeyPair subjectKey, X500Name issuer,
      KeyPair issuerKey, boolean isCa) throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(90, ChronoUnit.DAYS)), subject,
        subjectKey.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (!isCa) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, SERVICE_NAME), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(issuerKey.getPrivate())));
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
