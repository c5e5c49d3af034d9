package dev.verdict.sigstore;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Sigstore trust material read from a {@code trusted_root.json}: Fulcio CAs, Rekor logs, CT logs and TSAs with their
 * validity windows (https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_trustroot.proto).
 * Immutable and thread-safe; anything malformed is a {@link ConfigException} naming the file and field.
 */
public final class TrustedRoot {
  /** Real trusted roots are tens of kilobytes. */
  private static final long MAX_BYTES = 16L << 20;
  /** A certificate authority (Fulcio or a TSA): its chain, leaf/intermediate first and root last. */
  public record Authority(String uri, String subject, List<X509Certificate> chain, Instant start, Instant end) {
    public Authority {
      chain = List.copyOf(chain);
    }

    public boolean validAt(Instant t) {
      return !t.isBefore(start) && (end == null || !t.isAfter(end));
    }

    public String describe() {
      return (subject == null || subject.isBlank() ? chain.get(chain.size() - 1).getSubjectX500Principal().getName()
          : subject) + (uri == null ? "" : " (" + uri + ")");
    }
  }

  /** A transparency log (Rekor or CT): its id, key and validity window. */
  public record Log(String baseUrl, byte[] logId, PublicKey key, String keyDetails, Instant start, Instant end) {
    public Log {
      logId = logId.clone();
    }

    @Override
    public byte[] logId() {
      return logId.clone();
    }

    public boolean validAt(Instant t) {
      return !t.isBefore(start) && (end == null || !t.isAfter(end));
    }

    public String logIdHex() {
      return Crypto.hex(logId);
    }

    public String describe() {
      return (baseUrl == null ? "log" : baseUrl) + " id " + logIdHex().substring(0, 16);
    }
  }

  private static final Set<String> KEY_DETAILS = Set.of("PKIX_ECDSA_P256_SHA_256", "PKIX_ECDSA_P384_SHA_384",
      "PKIX_ECDSA_P521_SHA_512", "PKIX_ED25519", "PKIX_ED25519_PH", "PKCS1_RSA_PKCS1V5", "PKIX_RSA_PKCS1V5",
      "PKIX_RSA_PKCS1V15_2048_SHA256", "PKIX_RSA_PKCS1V15_3072_SHA256", "PKIX_RSA_PKCS1V15_4096_SHA256",
      "ECDSA_P256_SHA_256", "ECDSA_P384_SHA_384", "ECDSA_P521_SHA_512");

  private final String source;
  private final List<Authority> certificateAuthorities;
  private final List<Log> tlogs;
  private final List<Log> ctlogs;
  private final List<Authority> timestampAuthorities;

  private TrustedRoot(String source, List<Authority> cas, List<Log> tlogs, List<Log> ctlogs, List<Authority> tsas) {
    this.source = source;
    this.certificateAuthorities = List.copyOf(cas);
    this.tlogs = List.copyOf(tlogs);
    this.ctlogs = List.copyOf(ctlogs);
    this.timestampAuthorities = List.copyOf(tsas);
  }

  /** Reads and validates a trusted_root.json file. */
  public static TrustedRoot load(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = InputFiles.read(file, MAX_BYTES);
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read trusted root: " + InputFiles.reason(e), e);
    }
    return parse(bytes, file.toString());
  }

  /** Parses trusted root JSON; {@code source} names it in errors. */
  public static TrustedRoot parse(byte[] json, String source) throws ConfigException {
    JsonNode root;
    try {
      root = Json.read(json);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source, 0, 0, null, e.getMessage());
    }
    Reader r = new Reader(source);
    String mediaType = r.str(root, "mediaType", "mediaType", true);
    if (!mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
      throw r.error("mediaType", "not a Sigstore trusted root media type: " + mediaType);
    }
    List<Authority> cas = r.authorities(root, "certificateAuthorities");
    List<Log> tlogs = r.logs(root, "tlogs");
    List<Log> ctlogs = r.logs(root, "ctlogs");
    List<Authority> tsas = r.authorities(root, "timestampAuthorities");
    if (cas.isEmpty() && tlogs.isEmpty() && tsas.isEmpty()) {
      throw r.error("certificateAuthorities", "the trusted root names no CA, log or TSA");
    }
    return new TrustedRoot(source, cas, tlogs, ctlogs, tsas);
  }

  public String source() {
    return source;
  }

  public List<Authority> certificateAuthorities() {
    return certificateAuthorities;
  }

  public List<Log> tlogs() {
    return tlogs;
  }

  public List<Log> ctlogs() {
    return ctlogs;
  }

  public List<Authority> timestampAuthorities() {
    return timestampAuthorities;
  }

  /**
   * Every Rekor entry with this log id, in file order: the same key may be listed more than once, each time with its
   * own validity window, and every one is a candidate.
   */
  public List<Log> tlogs(byte[] logId) {
    return tlogs.stream().filter(l -> Arrays.equals(l.logId, logId)).toList();
  }

  /** Every CT log entry with this log id, in file order (see {@link #tlogs(byte[])}). */
  public List<Log> ctlogs(byte[] logId) {
    return ctlogs.stream().filter(l -> Arrays.equals(l.logId, logId)).toList();
  }

  /** Field-path aware reader: every error names the file and the dotted field. */
  private record Reader(String source) {
    ConfigException error(String field, String problem) {
      return new ConfigException(source, 0, 0, field, problem);
    }

    String str(JsonNode n, String name, String path, boolean required) throws ConfigException {
      String v;
      try {
        v = Json.text(n, name);
      } catch (IllegalArgumentException e) {
        throw error(path, "must be a string");
      }
      if (required && (v == null || v.isBlank())) {
        throw error(path, "is required");
      }
      return v;
    }

    JsonNode obj(JsonNode n, String name, String path) throws ConfigException {
      JsonNode o;
      try {
        o = Json.obj(n, name);
      } catch (IllegalArgumentException e) {
        throw error(path, "must be an object");
      }
      if (o == null) {
        throw error(path, "is required");
      }
      return o;
    }

    JsonNode array(JsonNode n, String name, String path) throws ConfigException {
      try {
        return Json.array(n, name);
      } catch (IllegalArgumentException e) {
        throw error(path, "must be an array");
      }
    }

    byte[] bytes(JsonNode n, String name, String path) throws ConfigException {
      String v = str(n, name, path, true);
      try {
        return Json.base64(v);
      } catch (IllegalArgumentException e) {
        throw error(path, "is not valid base64");
      }
    }

    Instant time(JsonNode n, String name, String path, boolean required) throws ConfigException {
      String v = str(n, name, path, required);
      if (v == null) {
        return null;
      }
      try {
        return Instant.parse(v);
      } catch (DateTimeParseException e) {
        throw error(path, "is not an RFC 3339 time: " + v);
      }
    }

    List<Authority> authorities(JsonNode root, String name) throws ConfigException {
      List<Authority> out = new ArrayList<>();
      JsonNode arr = array(root, name, name);
      for (int i = 0; i < arr.size(); i++) {
        String p = name + "[" + i + "]";
        JsonNode a = arr.get(i);
        JsonNode chainNode = obj(a, "certChain", p + ".certChain");
        JsonNode certs = array(chainNode, "certificates", p + ".certChain.certificates");
        if (certs.isEmpty()) {
          throw error(p + ".certChain.certificates", "is empty");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (int j = 0; j < certs.size(); j++) {
          String cp = p + ".certChain.certificates[" + j + "].rawBytes";
          chain.add(certificate(bytes(certs.get(j), "rawBytes", cp), cp));
        }
        Instant[] window = window(a, p);
        JsonNode subj = a.get("subject");
        String subject = subj == null ? null : Json.text(subj, "commonName");
        out.add(new Authority(str(a, "uri", p + ".uri", false), subject, leafFirst(chain, p), window[0], window[1]));
      }
      return out;
    }

    List<Log> logs(JsonNode root, String name) throws ConfigException {
      List<Log> out = new ArrayList<>();
      JsonNode arr = array(root, name, name);
      for (int i = 0; i < arr.size(); i++) {
        String p = name + "[" + i + "]";
        JsonNode l = arr.get(i);
        JsonNode pk = obj(l, "publicKey", p + ".publicKey");
        String details = str(pk, "keyDetails", p + ".publicKey.keyDetails", true);
        if (!KEY_DETAILS.contains(details)) {
          throw error(p + ".publicKey.keyDetails", "unknown key type " + details);
        }
        byte[] raw = bytes(pk, "rawBytes", p + ".publicKey.rawBytes");
        PublicKey key;
        try {
          key = Crypto.publicKey(raw, details.contains("RSA"));
        } catch (IllegalArgumentException e) {
          throw error(p + ".publicKey.rawBytes", e.getMessage());
        }
        Instant[] window = window(pk, p + ".publicKey");
        byte[] logId = bytes(obj(l, "logId", p + ".logId"), "keyId", p + ".logId.keyId");
        out.add(new Log(str(l, "baseUrl", p + ".baseUrl", false), logId, key, details, window[0], window[1]));
      }
      return out;
    }

    /**
     * The validity window. {@code validFor} is optional in the protobuf spec and then means "always" (real roots, such
     * as sigstore-js's, omit it); when present, its start is required.
     */
    Instant[] window(JsonNode n, String p) throws ConfigException {
      JsonNode valid;
      try {
        valid = Json.obj(n, "validFor");
      } catch (IllegalArgumentException e) {
        throw error(p + ".validFor", "must be an object");
      }
      if (valid == null) {
        return new Instant[] {Instant.EPOCH, null};
      }
      Instant start = time(valid, "start", p + ".validFor.start", true);
      Instant end = time(valid, "end", p + ".validFor.end", false);
      if (end != null && end.isBefore(start)) {
        throw error(p + ".validFor.end", "is before start");
      }
      return new Instant[] {start, end};
    }

    /** Orders a chain leaf first, root last, whichever order the file used; a chain that does not link is an error. */
    List<X509Certificate> leafFirst(List<X509Certificate> chain, String p) throws ConfigException {
      List<X509Certificate> rest = new ArrayList<>(chain);
      List<X509Certificate> out = new ArrayList<>();
      // the leaf is the certificate that issued none of the others
      X509Certificate leaf = rest.stream().filter(c -> rest.stream().noneMatch(o -> o != c
          && o.getIssuerX500Principal().equals(c.getSubjectX500Principal()))).findFirst().orElse(null);
      while (leaf != null) {
        out.add(leaf);
        rest.remove(leaf);
        X509Certificate cur = leaf;
        leaf = rest.stream().filter(o -> o.getSubjectX500Principal().equals(cur.getIssuerX500Principal()))
            .findFirst().orElse(null);
      }
      if (!rest.isEmpty()) {
        throw error(p + ".certChain", "certificates do not form one chain");
      }
      return out;
    }

    X509Certificate certificate(byte[] der, String path) throws ConfigException {
      try {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der));
      } catch (CertificateException | RuntimeException e) {
        throw error(path, "is not a DER X.509 certificate");
      }
    }
  }
}
