package dev.verdict.sigstore;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** DER of certificates no well-behaved builder would make (an extension twice), signed with a throwaway key. */
final class CertificateSurgery {
  private CertificateSurgery() {}

  static byte[] duplicateExtension(X509Certificate c, String oid) throws Exception {
    ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(c.getTBSCertificate()));
    ASN1EncodableVector out = new ASN1EncodableVector();
    for (ASN1Encodable e : tbs) {
      if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
        ASN1EncodableVector exts = new ASN1EncodableVector();
        for (ASN1Encodable x : ASN1Sequence.getInstance(t.getExplicitBaseObject())) {
          exts.add(x);
          if (ASN1ObjectIdentifier.getInstance(ASN1Sequence.getInstance(x).getObjectAt(0)).getId().equals(oid)) {
            exts.add(x);
          }
        }
        out.add(new DERTaggedObject(true, 3, new DERSequence(exts)));
      } else {
        out.add(e);
      }
    }
    byte[] newTbs = new DERSequence(out).getEncoded("DER");
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair k = g.generateKeyPair();
    Signature s = Signature.getInstance("SHA384withECDSA");
    s.initSign(k.getPrivate());
    s.update(newTbs);
    ASN1EncodableVector cert = new ASN1EncodableVector();
    cert.add(ASN1Primitive.fromByteArray(newTbs));
    cert.add(AlgorithmIdentifier.getInstance(tbs.getObjectAt(2)));
    cert.add(new DERBitString(s.sign()));
    return new DERSequence(cert).getEncoded("DER");
  }
}
