package dev.verdict.policy;

import dev.verdict.InputFiles;
import dev.verdict.sigstore.CertificateRequirements;
import dev.verdict.sigstore.Identity;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.sigstore.StringMatch;
import dev.verdict.sigstore.TrustedRoot;
import dev.verdict.trust.TrustCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads {@code spec.authorities}: public keys (loaded and checked now), keyless identities and private PKIs. */
final class AuthorityReader {
  static final Map<String, TlogMode> TLOG = new LinkedHashMap<>();

  static {
    TLOG.put("required", TlogMode.REQUIRED);
    TLOG.put("optional", TlogMode.OPTIONAL);
  }

  private AuthorityReader() {}

  /** The authorities without errors; {@code declared} gets every name declared (for {@code from} checks). */
  static List<Authority> read(YamlMap spec, Map<String, Node> declared) {
    List<Authority> out = new ArrayList<>();
    List<Node> items = spec.list("authorities", true);
    for (int i = 0; items != null && i < items.size(); i++) {
      YamlMap a = YamlMap.of(spec.src, items.get(i), spec.field("authorities") + "[" + i + "]");
      if (a == null) {
        continue;
      }
      a.allow("name", "key", "keyless", "certificate");
      int before = a.src.errorCount();
      String name = a.require("name", "name it, to list it in signatures.from") ? a.string("name") : null;
      if (name != null) {
        Node first = declared.putIfAbsent(name, a.get("name"));
        if (first != null) {
          a.src.error(a.get("name"), a.field("name"), "duplicate authority name '" + name + "' (first at line "
              + Source.line(first) + "; names must be unique within a policy)");
        }
      }
      List<String> kinds = new ArrayList<>();
      for (String k : List.of("key", "keyless", "certificate")) {
        if (a.has(k)) {
          kinds.add(k);
        }
      }
      if (kinds.isEmpty()) {
        a.src.error(a.node, a.path, "needs one of key, keyless or certificate");
        continue;
      }
      if (kinds.size() > 1) {
        a.src.error(a.get(kinds.get(1)), a.path, "give only one of key, keyless and certificate (found "
            + String.join(" and ", kinds) + ")");
        continue;
      }
      Location loc = a.src.location(a.node);
      YamlMap body = a.map(kinds.get(0));
      Authority auth = body == null ? null : switch (kinds.get(0)) {
        case "key" -> key(body, name, loc);
        case "keyless" -> keyless(body, name, loc);
        default -> certificate(body, name, loc);
      };
      if (auth != null && a.src.errorCount() == before) {
        out.add(auth);
      }
    }
    return out;
  }

  private static Authority key(YamlMap k, String name, Location loc) {
    k.allow("path", "pem");
    if (k.has("path") == k.has("pem")) {
      k.src.error(k.node, k.path, k.has("path") ? "give either path or pem, not both"
          : "needs path or pem (path: keys/cosign.pub, relative to the policy file)");
      return null;
    }
    String field = k.field(k.has("path") ? "path" : "pem");
    Node at = k.get(k.has("path") ? "path" : "pem");
    String pem;
    String source;
    if (k.has("path")) {
      Path p = k.file("path");
      if (p == null) {
        return null;
      }
      try {
        pem = InputFiles.readUtf8(p, PublicKeyVerifier.MAX_FILE_BYTES);
      } catch (InputFiles.TooLargeException e) {
        k.src.error(at, field, "key file '" + k.string("path") + "' is too large for a public key");
        return null;
      } catch (IOException e) {
        k.src.error(at, field, "cannot read key file '" + k.string("path") + "': " + InputFiles.reason(e));
        return null;
      }
      source = p.toString();
    } else {
      pem = k.string("pem");
      source = "inline PEM";
    }
    if (pem == null) {
      return null;
    }
    try {
      return new Authority.Key(name, loc, PublicKeyVerifier.fromPem(pem), source);
    } catch (IllegalArgumentException e) {
      String what = k.has("path") ? "'" + k.string("path") + "'" : "pem";
      k.src.error(at, field, "invalid public key in " + what + ": " + e.getMessage()
          + " (expected a PEM PUBLIC KEY: ECDSA P-256/P-384, RSA 2048+ or Ed25519)");
      return null;
    }
  }

  private static Authority keyless(YamlMap k, String name, Location loc) {
    k.allow("trustedRoot", "requireFreshTrust", "identities", "extensions", "tlog", "sct");
    Path root = trustedRoot(k);
    List<Identity> ids = k.require("identities", "add an issuer and a subject") ? identities(k, true) : null;
    Map<String, String> extensions = new LinkedHashMap<>();
    YamlMap ext = k.map("extensions");
    if (ext != null) {
      ext.allow(FulcioExtensions.NAMES.toArray(String[]::new));
      for (String e : FulcioExtensions.NAMES) {
        String v = ext.string(e);
        if (v != null) {
          extensions.put(e, v);
        }
      }
    }
    TlogMode tlog = tlog(k);
    TlogMode sct = sct(k);
    return ids == null || tlog == null || sct == null ? null
        : new Authority.Keyless(name, loc, root, ids, extensions, tlog, sct);
  }

  private static Authority certificate(YamlMap c, String name, Location loc) {
    c.allow("roots", "intermediates", "identities", "tlog", "trustedRoot", "requireFreshTrust");
    Path roots = c.require("roots", "a PEM file of the CA certificates to trust")
        ? c.file("roots", CertificateRequirements::loadPem) : null;
    Path intermediates = c.file("intermediates", CertificateRequirements::loadPem);
    Path trustedRoot = trustedRoot(c);
    List<Identity> ids = List.of();
    if (c.has("identities")) {
      ids = identities(c, false);
    } else {
      c.src.warn(c.node, c.field("identities"), "not set: any certificate chaining to roots is accepted "
          + "(add identities with a subject)");
    }
    TlogMode tlog = tlog(c);
    return roots == null || ids == null || tlog == null ? null
        : new Authority.Certificate(name, loc, roots, intermediates, ids, tlog, trustedRoot);
  }

  /**
   * {@code trustedRoot}: a trusted_root.json file, or {@code tuf} for the cache 'verdict trust update' fills (read
   * when verifying, never fetched); {@code requireFreshTrust: true} makes expired TUF metadata an error there.
   */
  private static Path trustedRoot(YamlMap m) {
    boolean fresh = false;
    if (m.has("requireFreshTrust")) {
      Node n = m.get("requireFreshTrust");
      if (!(n instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
        m.src.error(n, m.field("requireFreshTrust"), "expected true or false");
        return null;
      }
      fresh = s.getValue().equalsIgnoreCase("true");
      if (!TrustCache.NAME.equals(m.has("trustedRoot") ? m.string("trustedRoot") : null)) {
        m.src.error(n, m.field("requireFreshTrust"), "only applies to trustedRoot: tuf (a trusted root file has "
            + "no TUF metadata to expire)");
        return null;
      }
    }
    if (m.has("trustedRoot") && TrustCache.NAME.equals(m.string("trustedRoot"))) {
      return fresh ? TrustCache.TUF_FRESH : TrustCache.TUF;
    }
    return m.file("trustedRoot", TrustedRoot::load);
  }

  private static TlogMode tlog(YamlMap m) {
    return requiredByDefault(m, "tlog", "optional accepts signatures without a transparency-log proof (keep the "
        + "default, required, unless this signer never uses a log)");
  }

  /** {@code sct}: whether the certificate must carry an SCT from a CT log of the trusted root. */
  private static TlogMode sct(YamlMap m) {
    return requiredByDefault(m, "sct", "optional accepts certificates without an SCT (keep the default, required, "
        + "unless the CA logs to no CT log, as GitHub's instance for private repositories)");
  }

  /** A {@code required | optional} field, required when absent; {@code optional} is a lint warning saying why. */
  private static TlogMode requiredByDefault(YamlMap m, String field, String whenOptional) {
    if (!m.has(field)) {
      return TlogMode.REQUIRED;
    }
    TlogMode t = m.choice(field, TLOG);
    if (t == TlogMode.OPTIONAL) {
      m.src.warn(m.get(field), m.field(field), whenOptional);
    }
    return t;
  }

  /** {@code identities}: each an issuer (required when keyless) and a subject, exact or RegExp. */
  private static List<Identity> identities(YamlMap parent, boolean keyless) {
    List<Node> items = parent.list("identities", false);
    if (items == null) {
      return null;
    }
    List<Identity> out = new ArrayList<>();
    int before = parent.src.errorCount();
    for (int j = 0; j < items.size(); j++) {
      YamlMap id = YamlMap.of(parent.src, items.get(j), parent.field("identities") + "[" + j + "]");
      if (id == null) {
        continue;
      }
      id.allow("issuer", "issuerRegExp", "subject", "subjectRegExp");
      StringMatch issuer = match(id, "issuer", keyless);
      StringMatch subject = match(id, "subject", true);
      if (subject != null) {
        out.add(new Identity(issuer, subject));
      }
    }
    return parent.src.errorCount() == before ? out : null;
  }

  /** {@code base} (exact) or {@code baseRegExp}: one of them, compiled; null when absent or after an error. */
  static StringMatch match(YamlMap m, String base, boolean required) {
    String re = base + "RegExp";
    if (m.has(base) && m.has(re)) {
      m.src.error(m.get(re), m.path, "give either " + base + " or " + re + ", not both");
      return null;
    }
    if (!m.has(base) && !m.has(re)) {
      if (required) {
        m.src.error(m.node, m.field(base), "is required (give " + base + " or " + re + ")");
      }
      return null;
    }
    if (m.has(base)) {
      String s = m.string(base);
      return s == null ? null : StringMatch.exact(s);
    }
    String s = m.string(re);
    if (s == null) {
      return null;
    }
    StringMatch match;
    try {
      match = StringMatch.regexp(s);
    } catch (PatternSyntaxException e) {
      m.src.error(m.get(re), m.field(re), "invalid regular expression: " + e.getDescription() + " at index "
          + e.getIndex() + " (Java regex syntax)");
      return null;
    }
    if (match.regexp().matcher("").matches() && match.regexp().matcher("anything/at all").matches()) {
      m.src.warn(m.get(re), m.field(re), "matches any value (name the " + base + " you trust)");
    } else if (!s.startsWith("^") || !s.endsWith("$")) {
      m.src.warn(m.get(re), m.field(re), "is not anchored with ^...$ (verdict matches the whole value, but cosign "
          + "and other tools match any value containing the pattern; anchor it so it reads as it works)");
    }
    return match;
  }
}
