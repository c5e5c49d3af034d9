package dev.verdict.sigstore;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;

/**
 * Reads certificates (PEM, DER), their SANs, and the Fulcio OIDC claims
 * (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md).
 */
final class Certificates {
  static final String FULCIO = "1.3.6.1.4.1.57264.1.";
  static final String USERNAME_OTHERNAME = "1.3.6.1.4.1.57264.1.7";

  /** Fulcio extension names (as cosign and the policy spell them) by OID suffix; 1-6 are raw, 8+ DER strings. */
  static final Map<String, String> EXTENSION_NAMES = Map.ofEntries(
      Map.entry("1", "issuerV1"), Map.entry("2", "githubWorkflowTrigger"), Map.entry("3", "githubWorkflowSha"),
      Map.entry("4", "githubWorkflowName"), Map.entry("5", "githubWorkflowRepository"),
      Map.entry("6", "githubWorkflowRef"), Map.entry("8", "issuer"), Map.entry("9", "buildSignerURI"),
      Map.entry("10", "buildSignerDigest"), Map.entry("11", "runnerEnvironment"),
      Map.entry("12", "sourceRepositoryURI"), Map.entry("13", "sourceRepositoryDigest"),
      Map.entry("14", "sourceRepositoryRef"), Map.entry("15", "sourceRepositoryIdentifier"),
      Map.entry("16", "sourceRepositoryOwnerURI"), Map.entry("17", "sourceRepositoryOwnerIdentifier"),
      Map.entry("18", "buildConfigURI"), Map.entry("19", "buildConfigDigest"), Map.entry("20", "buildTrigger"),
      Map.entry("21", "runInvocationURI"), Map.entry("22", "sourceRepositoryVisibilityAtSigning"),
      Map.entry("23", "deploymentEnvironment"));

  private Certificates() {}

  static X509Certificate fromDer(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("not a DER X.509 certificate");
    }
  }

  /** Every CERTIFICATE block of a PEM text, in order; IllegalArgumentException when none or one is bad. */
  static List<X509Certificate> fromPem(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    String begin = "-----BEGIN CERTIFICATE-----";
    String end = "-----END CERTIFICATE-----";
    int from = 0;
    while (true) {
      int b = pem.indexOf(begin, from);
      if (b < 0) {
        break;
      }
      int e = pem.indexOf(end, b);
      if (e < 0) {
        throw new IllegalArgumentException("unterminated PEM CERTIFICATE block");
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("PEM certificate " + (out.size() + 1) + " is not valid base64");
      }
      try {
        out.add(fromDer(der));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("PEM certificate " + (out.size() + 1) + " is not an X.509 certificate");
      }
      from = e + end.length();
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no PEM CERTIFICATE block");
    }
    return out;
  }

  static String toPem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean selfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** SAN values of the identity kinds Sigstore uses: email, URI, and the Fulcio username otherName. */
  static List<String> subjectAlternativeNames(X509Certificate c) {
    List<String> out = new ArrayList<>();
    Collection<List<?>> sans;
    try {
      sans = c.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return out;
    }
    if (sans == null) {
      return out;
    }
    for (List<?> san : sans) {
      int type = (Integer) san.get(0);
      Object value = san.get(1);
      if ((type == 1 || type == 6 || type == 2) && value instanceof String s) {
        out.add(s);
      } else if (type == 0 && value instanceof byte[] der) {
        String other = otherName(der);
        if (other != null) {
          out.add(other);
        }
      }
    }
    return out;
  }

  private static String otherName(byte[] der) {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      if (p instanceof ASN1TaggedObject t) {
        p = t.getBaseObject().toASN1Primitive();
      }
      ASN1Sequence seq = ASN1Sequence.getInstance(p);
      String oid = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId();
      if (!USERNAME_OTHERNAME.equals(oid)) {
        return null;
      }
      ASN1Encodable v = seq.getObjectAt(1);
      while (v instanceof ASN1TaggedObject t) {
        v = t.getBaseObject();
      }
      return v instanceof ASN1String s ? s.getString() : null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Fulcio claims by name (see {@link #EXTENSION_NAMES}), plus {@code issuer} from .1.8 or else .1.1, read strictly:
   * an extension that is present must decode as its kind (.1.1-.1.6 raw UTF-8 bytes, .1.8 onwards a DER
   * UTF8String), the v1 and v2 issuer must agree when both are present, and no extension may appear twice.
   * A present but malformed claim is never treated as absent (that would let another claim stand in for it).
   *
   * @throws IllegalArgumentException naming the extension that is malformed, duplicated or contradicted
   */
  static Map<String, String> fulcioExtensions(X509Certificate c) {
    requireDistinctExtensions(c);
    return readExtensions(c, true);
  }

  /** The claims as {@link #fulcioExtensions} reads them, or what can be read of them, for display only. */
  static Map<String, String> claimedExtensions(X509Certificate c) {
    try {
      return fulcioExtensions(c);
    } catch (IllegalArgumentException e) {
      return readExtensions(c, false);
    }
  }

  /** The claims by name; {@code strict}: a malformed claim or disagreeing issuers throw, else they are left out. */
  private static Map<String, String> readExtensions(X509Certificate c, boolean strict) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; i <= 23; i++) {
      String name = EXTENSION_NAMES.get(Integer.toString(i));
      byte[] ext = name == null ? null : c.getExtensionValue(FULCIO + i);
      if (ext == null) {
        continue;
      }
      String value = extensionString(ext, i >= 8);
      if (value != null) {
        out.put(name, value);
      } else if (strict) {
        throw new IllegalArgumentException("Fulcio extension " + FULCIO + i + " (" + name + ") is malformed: "
            + (i >= 8 ? "not a DER UTF8String" : "not UTF-8 text"));
      }
    }
    String v1 = out.remove("issuerV1");
    if (strict && v1 != null && out.containsKey("issuer") && !v1.equals(out.get("issuer"))) {
      throw new IllegalArgumentException("Fulcio issuer extensions disagree: " + FULCIO + "1 is " + v1 + ", "
          + FULCIO + "8 is " + out.get("issuer"));
    }
    if (v1 != null) {
      out.putIfAbsent("issuer", v1);
    }
    return out;
  }

  /** RFC 5280 section 4.2: a certificate must not include more than one instance of a particular extension. */
  static void requireDistinctExtensions(X509Certificate c) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    try {
      ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(c.getTBSCertificate()));
      for (ASN1Encodable e : tbs) {
        if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
          for (ASN1Encodable x : ASN1Sequence.getInstance(t.getExplicitBaseObject())) {
            String oid = ASN1ObjectIdentifier.getInstance(ASN1Sequence.getInstance(x).getObjectAt(0)).getId();
            if (!seen.add(oid)) {
              throw new IllegalArgumentException("certificate has extension " + oid + " twice");
            }
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("certificate extensions are malformed");
    }
  }

  /** How many names the SAN extension holds (of any kind); 0 without one; throws when it is malformed. */
  static int sanCount(X509Certificate c) {
    byte[] ext = c.getExtensionValue("2.5.29.17");
    if (ext == null) {
      return 0;
    }
    try {
      return ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()))
          .size();
    } catch (Exception e) {
      throw new IllegalArgumentException("certificate's subject alternative name extension is malformed");
    }
  }

  private static String extensionString(byte[] extValue, boolean derString) {
    try {
      byte[] inner = ASN1OctetString.getInstance(extValue).getOctets();
      if (!derString) {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(inner)).toString();
      }
      ASN1Primitive p = ASN1Primitive.fromByteArray(inner);
      if (!(p instanceof org.bouncycastle.asn1.ASN1UTF8String s)
          || !java.util.Arrays.equals(p.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER), inner)) {
        return null;
      }
      return s.getString();
    } catch (Exception e) {
      return null;
    }
  }

  /** The extension map key for a policy key given as a name or as a full OID. */
  static String extensionName(String key) {
    if (key.startsWith(FULCIO)) {
      String n = EXTENSION_NAMES.get(key.substring(FULCIO.length()));
      return n == null ? key : n.equals("issuerV1") ? "issuer" : n;
    }
    return key;
  }
}
