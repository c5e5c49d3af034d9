package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Verifies an RFC 3161 timestamp (https://www.rfc-editor.org/rfc/rfc3161) over a signature against the trusted
 * root's timestamp authorities; returns the proven time.
 */
final class TimestampVerifier {
  /** The proven time and the authority that signed it. */
  record Result(Instant time, String authority) {}

  private TimestampVerifier() {}

  static Result verify(byte[] signedTimestamp, byte[] signature, TrustedRoot root) throws VerificationException {
    TimeStampToken token = parse(signedTimestamp);
    byte[] imprint = token.getTimeStampInfo().getMessageImprintDigest();
    String alg = new DefaultAlgorithmNameFinder()
        .getAlgorithmName(token.getTimeStampInfo().getMessageImprintAlgOID());
    String jca = Crypto.jcaHash(alg);
    if (jca == null) {
      throw new VerificationException("timestamp imprint algorithm " + alg + " is not supported");
    }
    if (!MessageDigest.isEqual(imprint, Crypto.digest(jca, signature))) {
      throw new VerificationException("timestamp is over other data than this signature");
    }
    Instant t = token.getTimeStampInfo().getGenTime().toInstant();
    StringBuilder why = new StringBuilder();
    String ended = null;
    List<TrustedRoot.Authority> tsas = root.timestampAuthorities();
    // Every entry is a candidate (the same TSA may be listed with several windows); the signer and its path come
    // from one entry, and that entry must be valid at the proven time.
    for (int i = 0; i < tsas.size(); i++) {
      TrustedRoot.Authority tsa = tsas.get(i);
      String name = "timestampAuthorities[" + i + "] " + tsa.describe();
      int signerAt = 0;
      try {
        for (int j = 0; j < tsa.chain().size(); j++) {
          if (token.getSID().match(new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(tsa.chain().get(j)))) {
            signerAt = j;
          }
        }
        X509Certificate signer = tsa.chain().get(signerAt);
        SignerInformationVerifier v = new JcaSimpleSignerInfoVerifierBuilder().build(signer);
        token.validate(v);
        verifyChain(tsa, signerAt, t);
      } catch (Exception e) {
        why.append("; ").append(name).append(": ").append(e.getMessage());
        continue;
      }
      if (!tsa.validAt(t)) {
        ended = ended != null ? ended : "TSA " + name + " is not valid at timestamp " + t + " (valid " + tsa.start()
            + " to " + (tsa.end() == null ? "open" : tsa.end()) + ")";
        continue;
      }
      return new Result(t, "TSA " + name);
    }
    if (ended != null) {
      throw new VerificationException(ended);
    }
    throw new VerificationException("timestamp is not signed by a trusted TSA" + why);
  }

  /** The token of a DER TimeStampResp or bare token; anything else (or non-canonical DER) is refused. */
  static TimeStampToken parse(byte[] der) throws VerificationException {
    try {
      TimeStampResponse response = new TimeStampResponse(der);
      TimeStampToken token = response.getTimeStampToken();
      // Only canonical DER: Bouncy Castle tolerates odd tags in the unsigned wrapper, and an altered encoding
      // must not verify as the same timestamp.
      if (token != null && (!java.util.Arrays.equals(response.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER),
          der) || !contentTagged(der))) {
        throw new VerificationException("timestamp is not DER-encoded");
      }
      if (token != null) {
        return token;
      }
    } catch (VerificationException e) {
      throw e;
    } catch (Exception e) {
      // not a TimeStampResp: try a bare token below
    }
    try {
      return new TimeStampToken(ContentInfo.getInstance(der));
    } catch (Exception e) {
      throw new VerificationException("timestamp is not an RFC 3161 response or token");
    }
  }

  /** The token's ContentInfo must be signedData wrapped in [0] EXPLICIT, as RFC 5652 says (BC is lax here). */
  private static boolean contentTagged(byte[] der) {
    try {
      var resp = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
      var ci = org.bouncycastle.asn1.ASN1Sequence.getInstance(resp.getObjectAt(1));
      var t = (org.bouncycastle.asn1.ASN1TaggedObject) ci.getObjectAt(1);
      return org.bouncycastle.asn1.cms.CMSObjectIdentifiers.signedData.equals(ci.getObjectAt(0))
          && t.getTagClass() == org.bouncycastle.asn1.BERTags.CONTEXT_SPECIFIC && t.getTagNo() == 0
          && t.isExplicit();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The entry's certificates from the signer up link by signature and are each valid at the proven time. */
  private static void verifyChain(TrustedRoot.Authority tsa, int from, Instant t) throws Exception {
    List<X509Certificate> chain = tsa.chain();
    for (int i = from; i < chain.size(); i++) {
      chain.get(i).checkValidity(java.util.Date.from(t));
      if (i + 1 < chain.size()) {
        chain.get(i).verify(chain.get(i + 1).getPublicKey());
      }
    }
  }
}
