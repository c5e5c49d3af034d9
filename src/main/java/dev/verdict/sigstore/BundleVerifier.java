package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a Sigstore bundle (v0.1-v0.3; message signature or DSSE) offline against a trusted root and the signer
 * requirements (https://docs.sigstore.dev/about/bundle/). Every check is recorded with expected and found values.
 */
public final class BundleVerifier {
  private BundleVerifier() {}

  /**
   * Verifies {@code bundleJson}.
   *
   * @param artifact the file or digest the bundle must be about; null only for DSSE bundles whose payload is checked
   *     by the caller (the subject check is then reported as skipped)
   */
  public static BundleResult verify(byte[] bundleJson, ArtifactInput artifact, SignerRequirements req)
      throws SigstoreVerificationException {
    CheckRecorder log = new CheckRecorder("bundle");
    Bundle b;
    try {
      b = Bundle.parse(bundleJson);
    } catch (RuntimeException e) {
      throw log.fail("bundle.format", "bundle is malformed: " + e.getMessage(), "Sigstore bundle v0.1-v0.3",
          "unparseable");
    }
    log.pass("bundle.format", "bundle parsed", "Sigstore bundle v0.1-v0.3", b.mediaType());
    PublicKey signerKey = signer(b, req, log);
    X509Certificate leaf = b.certificates().isEmpty() ? null : b.certificates().get(0);
    SignedContent content = content(b, artifact, leaf, signerKey, log);
    TrustedRoot root = req.trustedRoot();
    List<LogProof> proofs = LogChecks.entries(b.tlogEntries(), content, root, b.minorVersion(), req.tlogRequired(),
        log);
    List<TimestampVerifier.Result> stamps = LogChecks.timestamps(b.timestamps(), b.signature(), root, log);
    LogChecks.inclusionWindows(proofs, stamps.stream().map(TimestampVerifier.Result::time).toList(), root, log);
    List<Instant> times = new ArrayList<>();
    proofs.stream().filter(p -> p.integratedTime() != null).forEach(p -> times.add(p.integratedTime()));
    stamps.forEach(s -> times.add(s.time()));
    Instant integrated = proofs.stream().map(LogProof::integratedTime).filter(t -> t != null).min(Instant::compareTo)
        .orElse(null);
    Long logIndex = proofs.isEmpty() ? null : proofs.get(0).logIndex();
    List<Instant> tsaTimes = stamps.stream().map(TimestampVerifier.Result::time).toList();
    VerifiedSigner signer;
    if (req instanceof CertificateRequirements cr) {
      CertificateCheck.Outcome o = CertificateCheck.verify(leaf, b.certificates().subList(1,
          b.certificates().size()), cr, times, tsaTimes, log);
      signer = new VerifiedSigner(cr.privatePki() ? "certificate" : "keyless", o.subject(), o.issuer(), o.extensions(),
          integrated, logIndex, o.anchor(), tsaTimes, log.checks());
    } else {
      KeyRequirements kr = (KeyRequirements) req;
      signer = new VerifiedSigner("key", kr.key().describe(), null, null, integrated, logIndex,
          "key " + kr.key().describe(), tsaTimes, log.checks());
    }
    String kind = !b.dsse() ? BundleResult.MESSAGE_SIGNATURE
        : InTotoSubjects.IN_TOTO.equals(b.payloadType()) ? BundleResult.DSSE_ATTESTATION : BundleResult.DSSE;
    log.pass("bundle.content", "bundle content kind", null, kind);
    signer = new VerifiedSigner(signer.method(), signer.subject(), signer.issuer(), signer.extensions(),
        signer.integratedTime(), signer.logIndex(), signer.trustAnchor(), signer.timestamps(), log.checks());
    return new BundleResult(signer, kind, b.payloadType(), b.payload());
  }

  private static PublicKey signer(Bundle b, SignerRequirements req, CheckRecorder log)
      throws SigstoreVerificationException {
    if (req instanceof KeyRequirements kr) {
      if (!b.certificates().isEmpty()) {
        throw log.fail("bundle.signer", "bundle is signed by a certificate, but a public key was required",
            kr.key().describe(), "certificate");
      }
      log.pass("bundle.signer", "bundle is signed by a public key", kr.key().describe(),
          "public key" + (b.keyHint() == null ? "" : " hint " + b.keyHint()));
      return kr.key().publicKey();
    }
    if (b.certificates().isEmpty()) {
      throw log.fail("bundle.signer", "bundle carries no certificate, but a certificate signer was required",
          "a signing certificate", b.keyHint() == null ? "none" : "public key hint " + b.keyHint());
    }
    X509Certificate leaf = b.certificates().get(0);
    // Client policy of the bundle spec (protobuf-specs, VerificationMaterial): the first certificate is the signer's
    // leaf, and the rest never include a root. Trust anchors come from the trust material only. Older sigstore-js
    // bundles carry a copy of the very root the trusted root lists, which changes nothing and is tolerated (README,
    // Security notes); any other root is planted trust or another instance's, and is refused before anything else.
    if (leaf.getBasicConstraints() >= 0) {
      throw log.fail("bundle.signer", "the bundle's signing certificate is a CA certificate, not a leaf",
          "a leaf signing certificate", "CA " + leaf.getSubjectX500Principal().getName());
    }
    for (int i = 1; i < b.certificates().size(); i++) {
      X509Certificate c = b.certificates().get(i);
      if (Certificates.selfSigned(c) && !trustedRoots(req).contains(c)) {
        throw log.fail("bundle.signer", "the bundle's certificate chain contains a root certificate the trusted "
            + "root does not list (certificates[" + i + "] " + c.getSubjectX500Principal().getName() + ")",
            "leaf and intermediates only", "self-signed " + c.getSubjectX500Principal().getName());
      }
    }
    log.pass("bundle.signer", "bundle carries a signing certificate", "a signing certificate",
        "serial " + leaf.getSerialNumber().toString(16));
    return leaf.getPublicKey();
  }

  /** The root certificates the signer's trust material lists: private-PKI roots, or the trusted root's CA roots. */
  private static List<X509Certificate> trustedRoots(SignerRequirements req) {
    if (!(req instanceof CertificateRequirements cr)) {
      return List.of();
    }
    if (cr.privatePki()) {
      return cr.roots();
    }
    return cr.trustedRoot().certificateAuthorities().stream().map(a -> a.chain().get(a.chain().size() - 1))
        .toList();
  }

  private static SignedContent content(Bundle b, ArtifactInput artifact, X509Certificate leaf, PublicKey key,
      CheckRecorder log) throws SigstoreVerificationException {
    PublicKey onlyKey = leaf == null ? key : null;
    if (b.dsse()) {
      if (b.dsseSignatureCount() != 1) {
        throw log.fail("dsse.signature", "DSSE envelope has " + b.dsseSignatureCount() + " signatures",
            "exactly 1 signature", "" + b.dsseSignatureCount());
      }
      byte[] pae = Pae.encode(b.payloadType(), b.payload());
      try {
        Crypto.verify(key, pae, b.signature(), "DSSE signature");
      } catch (VerificationException e) {
        throw log.fail("dsse.signature", e.getMessage(), "signature by " + Crypto.describe(key), "invalid");
      }
      log.pass("dsse.signature", "DSSE envelope signature verifies", "signature by " + Crypto.describe(key),
          "valid (" + b.payloadType() + ")");
      subject(b, artifact, log);
      return new SignedContent(null, b.payload(), pae, b.signature(), leaf, onlyKey);
    }
    if (artifact == null) {
      throw log.fail("artifact.signature", "a message signature needs the artifact or its digest",
          "an artifact", "none");
    }
    if (b.messageDigest() != null) {
      String jca = Crypto.jcaHash(b.messageDigestAlgorithm());
      byte[] actual = jca == null ? null : artifact.digest(jca);
      if (actual != null && !MessageDigest.isEqual(actual, b.messageDigest())) {
        throw log.fail("artifact.digest", "bundle message digest does not match the artifact",
            artifact.describe(), b.messageDigestAlgorithm() + ":" + Crypto.hex(b.messageDigest()));
      }
    }
    try {
      verifyMessage(key, b, artifact);
    } catch (VerificationException e) {
      throw log.fail("artifact.signature", e.getMessage(), "signature over " + artifact.describe(), "invalid");
    }
    log.pass("artifact.signature", "signature over the artifact verifies", "signature over " + artifact.describe(),
        "valid, " + Crypto.describe(key));
    return new SignedContent(artifact, null, null, b.signature(), leaf, onlyKey);
  }

  /**
   * The hash is the one the bundle declares, else the key's usual one, else SHA-256: sigstore-python once signed
   * with P-384 keys over SHA-256, and a bundle without messageDigest does not say.
   */
  private static void verifyMessage(PublicKey key, Bundle b, ArtifactInput artifact) throws VerificationException {
    if (Crypto.isEd25519(key)) {
      if (artifact.bytes() == null) {
        throw new VerificationException("an Ed25519 signature needs the artifact itself, not its digest");
      }
      Crypto.verify(key, artifact.bytes(), b.signature(), "artifact signature");
      return;
    }
    String declared = Crypto.jcaHash(b.messageDigestAlgorithm());
    List<String> hashes = declared != null ? List.of(declared)
        : List.of(Crypto.hashFor(key), "SHA-256").stream().distinct().toList();
    VerificationException last = null;
    for (String h : hashes) {
      byte[] d = artifact.digest(h);
      if (d == null) {
        last = new VerificationException("the signature is over a " + h + " digest; the artifact digest given is "
            + artifact.algorithm());
        continue;
      }
      try {
        Crypto.verifyDigest(key, h, d, b.signature(), "artifact signature");
        return;
      } catch (VerificationException e) {
        last = e;
      }
    }
    throw last;
  }

  private static void subject(Bundle b, ArtifactInput artifact, CheckRecorder log)
      throws SigstoreVerificationException {
    if (artifact == null) {
      log.skip("dsse.subject", "no artifact given: the caller checks the statement");
      return;
    }
    if (!InTotoSubjects.IN_TOTO.equals(b.payloadType())) {
      throw log.fail("dsse.subject", "DSSE payload is " + b.payloadType() + ", not an in-toto statement naming "
          + "the artifact", InTotoSubjects.IN_TOTO, b.payloadType());
    }
    List<String> subjects;
    try {
      subjects = InTotoSubjects.subjects(b.payload());
    } catch (IllegalArgumentException e) {
      throw log.fail("dsse.subject", "in-toto statement is malformed: " + e.getMessage(), artifact.describe(),
          "no subjects");
    }
    if (!InTotoSubjects.hasSubject(subjects, artifact)) {
      throw log.fail("dsse.subject", "artifact " + artifact.describe() + " is not a subject of the statement",
          artifact.describe(), String.join(", ", subjects));
    }
    log.pass("dsse.subject", "artifact is a subject of the statement", artifact.describe(),
        subjects.size() + " subject digest(s)");
  }
}
