package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS registries: a real registry serving TLS with a certificate from a private CA, reached as
 * {@code registry.verdict.test} (resolved to 127.0.0.1 by the failsafe hosts file, so it is not a loopback name and
 * verdict must use HTTPS). Trusted only with {@code --registry-ca}.
 */
class TlsRegistryIT {
  static final String HOST = "registry.verdict.test";

  @TempDir
  Path tmp;

  @Test
  void verify_httpsRegistry_trustedOnlyWithTheExtraCa() throws Exception {
    KeyPair caKey = ClassicSigner.ecKey("secp256r1");
    KeyPair serverKey = ClassicSigner.ecKey("secp256r1");
    Instant now = Instant.now();
    X509Certificate ca = certificate(new X500Name("CN=verdict test CA"), caKey, new X500Name("CN=verdict test CA"),
        caKey, now, true);
    X509Certificate leaf = certificate(new X500Name("CN=" + HOST), serverKey, new X500Name("CN=verdict test CA"),
        caKey, now, false);
    Path caPem = Files.writeString(tmp.resolve("ca.pem"), pem("CERTIFICATE", ca.getEncoded()));
    Path certPem = Files.writeString(tmp.resolve("server.pem"), pem("CERTIFICATE", leaf.getEncoded()));
    Path keyPem = Files.writeString(tmp.resolve("server.key"), pem("PRIVATE KEY",
        serverKey.getPrivate().getEncoded()));
    KeyPair signer = ClassicSigner.ecKey("secp256r1");
    Path pub = Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(signer));
    try (RegistryServer plain = RegistryServer.start();
        RegistryServer tls = RegistryServer.startTls(plain, certPem, keyPem)) {
      String name = HOST + ":" + tls.port() + "/secure/app";
      OciPusher push = new OciPusher(plain.host());
      Digest d = push.push("secure/app", TestImages.randomImage(false), "1.0");
      push.push("secure/app", ClassicSigner.manifest(List.of(ClassicSigner.Layer.signed(signer,
          ClassicSigner.payload(name, d)))), d.tagPrefix() + ".sig");

      Cli.Result trusted = Cli.run("verify", name + ":1.0", "--key", pub.toString(), "--registry-ca",
          caPem.toString());
      assertEquals(0, trusted.code(), trusted.toString());
      assertTrue(trusted.out().contains("digest: " + d), trusted.out());

      Cli.Result untrusted = Cli.run("verify", name + ":1.0", "--key", pub.toString());
      assertEquals(4, untrusted.code(), untrusted.toString());
      assertTrue(untrusted.out().contains(HOST), untrusted.out());

      Cli.Result insecure = Cli.run("verify", name + ":1.0", "--key", pub.toString(), "--insecure-registry",
          HOST + ":" + tls.port());
      assertEquals(4, insecure.code(), "plain HTTP to a TLS port must not verify: " + insecure);
    }
  }

  static X509Certificate certificate(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
      Instant now, boolean ca) throws Exception {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject,
        subjectKey.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ca) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName,
          HOST)));
    }
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(issuerKey.getPrivate())));
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}
