package dev.verdict.sigstore;

import dev.verdict.VerificationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

/**
 * Verifies the SCTs embedded in a certificate (RFC 6962 section 3.2, precertificate entries) against the CT log keys
 * of the trusted root.
 */
final class SctVerifier {
  static final String SCT_OID = "1.3.6.1.4.1.11129.2.4.2";

  private SctVerifier() {}

  /** Returns a description of the first SCT that verifies; throws when none does. */
  static String verify(X509Certificate leaf, X509Certificate issuer, TrustedRoot root) throws VerificationException {
    byte[] ext = leaf.getExtensionValue(SCT_OID);
    if (ext == null) {
      throw new VerificationException("certificate has no embedded SCT");
    }
    List<byte[]> scts;
    byte[] tbs;
    try {
      byte[] list = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
      scts = split(list);
      tbs = tbsWithoutSct(leaf.getTBSCertificate());
    } catch (Exception e) {
      throw new VerificationException("certificate's SCT list is malformed");
    }
    byte[] issuerKeyHash = Crypto.sha256(issuer.getPublicKey().getEncoded());
    StringBuilder why = new StringBuilder();
    for (byte[] sct : scts) {
      try {
        return verifyOne(sct, tbs, issuerKeyHash, root);
      } catch (VerificationException e) {
        why.append("; ").append(e.getMessage());
      } catch (RuntimeException e) {
        why.append("; malformed SCT");
      }
    }
    throw new VerificationException("no embedded SCT verifies with a trusted CT log" + why);
  }

  private static List<byte[]> split(byte[] list) {
    ByteBuffer b = ByteBuffer.wrap(list);
    int total = b.getShort() & 0xffff;
    if (total != b.remaining()) {
      throw new IllegalArgumentException("bad SCT list length");
    }
    List<byte[]> out = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] one = new byte[b.getShort() & 0xffff];
      b.get(one);
      out.add(one);
    }
    return out;
  }

  private static String verifyOne(byte[] sct, byte[] tbs, byte[] issuerKeyHash, TrustedRoot root)
      throws VerificationException {
    ByteBuffer b = ByteBuffer.wrap(sct);
    int version = b.get();
    if (version != 0) {
      throw new VerificationException("SCT version " + version + " unsupported");
    }
    byte[] logId = new byte[32];
    b.get(logId);
    long timestamp = b.getLong();
    byte[] extensions = new byte[b.getShort() & 0xffff];
    b.get(extensions);
    b.get(); // hash algorithm
    b.get(); // signature algorithm
    byte[] signature = new byte[b.getShort() & 0xffff];
    b.get(signature);
    List<TrustedRoot.Log> logs = root.ctlogs(logId);
    if (logs.isEmpty()) {
      throw new VerificationException("SCT from unknown CT log " + Crypto.hex(logId).substring(0, 16));
    }
    Instant t = Instant.ofEpochMilli(timestamp);
    // The same key may be listed several times with different windows: any entry valid at the SCT time will do.
    List<TrustedRoot.Log> valid = logs.stream().filter(l -> l.validAt(t)).toList();
    if (valid.isEmpty()) {
      throw new VerificationException("CT log " + logs.get(0).describe() + " not valid at SCT time " + t);
    }
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.write(0); // version v1
    signed.write(0); // signature_type certificate_timestamp
    signed.writeBytes(ByteBuffer.allocate(8).putLong(timestamp).array());
    signed.writeBytes(new byte[] {0, 1}); // entry_type precert_entry
    signed.writeBytes(issuerKeyHash);
    signed.writeBytes(new byte[] {(byte) (tbs.length >> 16), (byte) (tbs.length >> 8), (byte) tbs.length});
    signed.writeBytes(tbs);
    signed.writeBytes(new byte[] {(byte) (extensions.length >> 8), (byte) extensions.length});
    signed.writeBytes(extensions);
    VerificationException last = null;
    for (TrustedRoot.Log log : valid) {
      try {
        Crypto.verify(log.key(), signed.toByteArray(), signature, "SCT signature by " + log.describe());
        return log.describe() + " at " + t;
      } catch (VerificationException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The TBSCertificate with the SCT list extension removed: what the CT log signed. */
  static byte[] tbsWithoutSct(byte[] tbsDer) throws java.io.IOException {
    ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(tbsDer));
    ASN1EncodableVector out = new ASN1EncodableVector();
    for (ASN1Encodable e : tbs) {
      if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
        ASN1Sequence exts = ASN1Sequence.getInstance(t.getExplicitBaseObject());
        ASN1EncodableVector kept = new ASN1EncodableVector();
        for (ASN1Encodable x : exts) {
          ASN1Sequence ext = ASN1Sequence.getInstance(x);
          if (!ASN1ObjectIdentifier.getInstance(ext.getObjectAt(0)).getId().equals(SCT_OID)) {
            kept.add(ext);
          }
        }
        out.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
      } else {
        out.add(e);
      }
    }
    return new DERSequence(out).getEncoded("DER");
  }
}
