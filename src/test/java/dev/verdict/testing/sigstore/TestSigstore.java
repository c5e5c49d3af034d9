package dev.verdict.testing.sigstore;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private, offline Sigstore for tests: a Fulcio-like CA (root and intermediate) issuing short-lived certificates
 * with SAN, OIDC issuer and GitHub claims and an embedded SCT from a test CT log, a test Rekor (Merkle tree, SET,
 * signed checkpoint), a test TSA, and the {@code trusted_root.json} that names them. Use {@link #create()}, then
 * {@link #signer(String, String)} to sign classic cosign payloads or produce v0.3 bundles.
 */
public final class TestSigstore {
  public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

  final Instant epoch;
  final KeyPair rootKey;
  final KeyPair intermediateKey = ec("secp384r1");
  final X509Certificate root;
  final X509Certificate intermediate;
  final TestRekor rekor;
  final KeyPair ctKey;
  final TestTsa tsa;
  private final AtomicLong serial = new AtomicLong(1000);

  private TestSigstore(Instant epoch, boolean emptyLog) {
    this.epoch = epoch;
    this.rootKey = ec("secp384r1");
    this.rekor = new TestRekor(ec("secp256r1"), emptyLog ? 0 : 5);
    this.ctKey = ec("secp256r1");
    Instant from = epoch.minus(Duration.ofDays(365));
    Instant to = epoch.plus(Duration.ofDays(3650));
    this.root = ca("CN=Test Fulcio Root,O=verdict.test", rootKey, "CN=Test Fulcio Root,O=verdict.test", rootKey, from,
        to, 1);
    this.intermediate = ca("CN=Test Fulcio Intermediate,O=verdict.test", intermediateKey,
        "CN=Test Fulcio Root,O=verdict.test", rootKey, from, to, 0);
    this.tsa = new TestTsa(from, to);
  }

  /** The same root, log, CT log and TSA with a new intermediate (of the same name), as Sigstore rotates them. */
  private TestSigstore(TestSigstore old) {
    this.epoch = old.epoch;
    this.rootKey = old.rootKey;
    this.root = old.root;
    this.rekor = old.rekor;
    this.ctKey = old.ctKey;
    this.tsa = old.tsa;
    this.intermediate = ca("CN=Test Fulcio Intermediate,O=verdict.test", intermediateKey,
        "CN=Test Fulcio Root,O=verdict.test", rootKey, epoch.minus(Duration.ofDays(365)),
        epoch.plus(Duration.ofDays(3650)), 0);
  }

  /** A test Sigstore whose material is valid for a year before and ten years after now. */
  public static TestSigstore create() {
    return new TestSigstore(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), false);
  }

  /** Like {@link #create()}, but the log starts empty: the first signature logged is entry 0. */
  public static TestSigstore createWithEmptyLog() {
    return new TestSigstore(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), true);
  }

  /** This Sigstore after an intermediate rotation: same root, log and CT log, a new intermediate. */
  public TestSigstore rotateIntermediate() {
    return new TestSigstore(this);
  }

  /** When this Sigstore was created: its signers sign one minute before. */
  public Instant epoch() {
    return epoch;
  }

  /** A trusted-root CA entry naming this intermediate and root, valid from {@code start} to {@code end} (or open). */
  public Map<String, Object> caEntry(Instant start, Instant end) {
    return TrustedRootWriter.authority("https://fulcio.test", List.of(intermediate, root), start, end);
  }

  /** A trusted-root tlogs entry for this Rekor key, valid from {@code start} to {@code end} (or open). */
  public Map<String, Object> rekorEntry(Instant start, Instant end) {
    return TrustedRootWriter.log("https://rekor.test", rekor.key().getPublic(), start, end);
  }

  /** A trusted-root ctlogs entry for this CT log key. */
  public Map<String, Object> ctEntry(Instant start, Instant end) {
    return TrustedRootWriter.log("https://ctfe.test", ctKey.getPublic(), start, end);
  }

  /** A trusted-root timestampAuthorities entry for this TSA. */
  public Map<String, Object> tsaEntry(Instant start, Instant end) {
    return TrustedRootWriter.authority("https://tsa.test", tsa.chain(), start, end);
  }

  /** A signer identity: SAN (email or URI) and OIDC issuer, with optional Fulcio claims. */
  public TestSigner signer(String san, String issuer) {
    return new TestSigner(this, san, issuer, Map.of());
  }

  /** A GitHub Actions signer with workflow claims (1.3.6.1.4.1.57264.1.2-6 and .9-.21). */
  public TestSigner githubSigner(String repository, String workflowRef) {
    String san = "https://github.com/" + repository + "/" + workflowRef;
    Map<String, String> claims = new LinkedHashMap<>();
    claims.put("2", "push");
    claims.put("3", "d8b4a6440000000000000000000000000000beef");
    claims.put("4", "release");
    claims.put("5", repository);
    claims.put("6", "refs/tags/v1.0.0");
    claims.put("9", san);
    claims.put("11", "github-hosted");
    claims.put("12", "https://github.com/" + repository);
    claims.put("13", "d8b4a6440000000000000000000000000000beef");
    claims.put("14", "refs/tags/v1.0.0");
    claims.put("20", "push");
    return new TestSigner(this, san, GITHUB_ISSUER, claims);
  }

  public TestTsa tsa() {
    return tsa;
  }

  public TestRekor rekor() {
    return rekor;
  }

  public X509Certificate rootCertificate() {
    return root;
  }

  public X509Certificate intermediateCertificate() {
    return intermediate;
  }

  /** Writes the trusted root naming this CA, Rekor, CT log and TSA. */
  public Path writeTrustedRoot(Path file) throws IOException {
    Files.writeString(file, trustedRootJson(), StandardCharsets.UTF_8);
    return file;
  }

  public String trustedRootJson() {
    return TrustedRootWriter.json(List.of(intermediate, root), rekor.key().getPublic(), ctKey.getPublic(),
        tsa.chain(), epoch.minus(Duration.ofDays(365)));
  }

  /** Issues a leaf certificate with an embedded SCT; {@code claims} maps OID suffixes (".1.N") to values. */
  X509Certificate leaf(PublicKey subjectKey, String san, String issuer, Map<String, String> claims, Instant notBefore,
      Duration validity, boolean withSct) {
    return leaf(subjectKey, san, issuer, claims, notBefore, validity, withSct, b -> { });
  }

  X509Certificate leaf(PublicKey subjectKey, String san, String issuer, Map<String, String> claims, Instant notBefore,
      Duration validity, boolean withSct, TestSigner.LeafCustomizer custom) {
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(intermediate, BigInteger.valueOf(serial.incrementAndGet()),
          Date.from(notBefore), Date.from(notBefore.plus(validity)), new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
          subjectKey);
      GeneralName name = san.contains("@") && !san.contains("/") ? new GeneralName(GeneralName.rfc822Name, san)
          : new GeneralName(GeneralName.uniformResourceIdentifier, san);
      b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(name));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
      b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.1"), false,
          issuer.getBytes(StandardCharsets.UTF_8));
      b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8"), false, new DERUTF8String(issuer));
      for (Map.Entry<String, String> c : claims.entrySet()) {
        int n = Integer.parseInt(c.getKey());
        ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1." + n);
        if (n <= 6) {
          b.addExtension(oid, false, c.getValue().getBytes(StandardCharsets.UTF_8));
        } else {
          b.addExtension(oid, false, new DERUTF8String(c.getValue()));
        }
      }
      custom.apply(b);
      X509Certificate pre = build(b, intermediateKey.getPrivate());
      if (!withSct) {
        return pre;
      }
      byte[] sctList = TestCtLog.sctList(ctKey, intermediate.getPublicKey(), pre.getTBSCertificate(),
          notBefore.plusSeconds(1));
      b.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"), false, new DEROctetString(sctList));
      return build(b, intermediateKey.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate ca(String subject, KeyPair key, String issuer, KeyPair issuerKey, Instant from,
      Instant to, int pathLen) {
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
          BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(to), new X500Name(subject),
          key.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return build(b, issuerKey.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate build(X509v3CertificateBuilder b, PrivateKey signer) throws Exception {
    String alg = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA384withECDSA";
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
  }

  static KeyPair ec(String curve) {
    return dev.verdict.testing.cosign.ClassicSigner.ecKey(curve);
  }

  /** ECDSA with the curve's usual hash (P-256: SHA-256, P-384: SHA-384). */
  static byte[] sign(PrivateKey key, byte[] data) {
    try {
      int bits = ((java.security.interfaces.ECPrivateKey) key).getParams().getCurve().getField().getFieldSize();
      Signature s = Signature.getInstance(bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA");
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + label + "-----\n";
  }

  static List<String> b64(List<byte[]> in) {
    List<String> out = new ArrayList<>();
    in.forEach(b -> out.add(Base64.getEncoder().encodeToString(b)));
    return out;
  }
}
