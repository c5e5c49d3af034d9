package dev.verdict.policy;

import dev.verdict.sigstore.Identity;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads one policy document: {@code kind: ImagePolicy} into an {@link ImagePolicy}, {@code kind: SbomPolicy} into an
 * {@link SbomPolicy} (its spec read by {@link AttestationReader}, as an attestation rule's blocks), reporting every
 * problem it finds.
 */
final class PolicyReader {
  static final String API_VERSION = "verdict.dev/v1";
  static final String KIND = "ImagePolicy";
  static final String SBOM_KIND = "SbomPolicy";
  private static final List<String> KINDS = List.of(KIND, SBOM_KIND);
  private static final Map<String, Mode> MODES = new LinkedHashMap<>();
  private static final Pattern PROD = Pattern.compile("(^|[^a-z])prod(uction)?([^a-z]|$)");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  static {
    MODES.put("enforce", Mode.ENFORCE);
    MODES.put("warn", Mode.WARN);
    MODES.put("audit", Mode.AUDIT);
  }

  private PolicyReader() {}

  /** The policy, or null when the document has errors (all reported to {@code src}). */
  static PolicyDocument read(Source src, Node root) {
    int before = src.errorCount();
    if (!(root instanceof MappingNode)) {
      src.error(root, null, "a policy document is a mapping with apiVersion, kind, metadata and spec, not "
          + YamlMap.kind(root));
      return null;
    }
    YamlMap doc = YamlMap.of(src, root, "");
    String kind = doc.require("kind", "kind: " + KIND + " or kind: " + SBOM_KIND) ? doc.string("kind") : null;
    if (kind != null && !KINDS.contains(kind)) {
      String near = Suggest.nearest(kind, KINDS);
      src.error(doc.get("kind"), "kind", "unsupported kind '" + kind + "' " + (near != null
          ? "(did you mean " + near + "?)" : "(policy files hold kind: " + KIND + " or kind: " + SBOM_KIND + ")"));
      return null;
    }
    doc.allow("apiVersion", "kind", "metadata", "spec");
    String api = doc.require("apiVersion", "apiVersion: " + API_VERSION) ? doc.string("apiVersion") : null;
    if (api != null && !api.equals(API_VERSION)) {
      src.error(doc.get("apiVersion"), "apiVersion", "unsupported version '" + api + "' (use " + API_VERSION + ")");
    }
    Node nameNode = null;
    String name = null;
    YamlMap meta = doc.require("metadata", "metadata: {name: NAME}") ? doc.map("metadata") : null;
    if (meta != null) {
      meta.allow("name", "labels", "annotations");
      name = meta.require("name", "name the policy; reports show it") ? meta.string("name") : null;
      nameNode = meta.get("name");
      stringMap(meta.map("labels"));
      stringMap(meta.map("annotations"));
    }
    boolean sbomKind = SBOM_KIND.equals(kind);
    YamlMap spec = doc.require("spec", sbomKind ? "spec: {sbom: {...}, vulnerabilities: {...}}"
        : "spec: {images: [...], ...}") ? doc.map("spec") : null;
    if (spec == null) {
      return null;
    }
    Node at = nameNode == null ? root : nameNode;
    PolicyDocument p = sbomKind ? SbomPolicyReader.spec(src, spec, name, at) : spec(src, spec, name, at);
    return src.errorCount() == before ? p : null;
  }

  private static ImagePolicy spec(Source src, YamlMap spec, String name, Node at) {
    spec.allow("images", "mode", "authorities", "signatures", "signedIdentity", "attestations", "exceptions",
        "mutate");
    List<String> images = spec.require("images", "list image globs such as ghcr.io/acme/**")
        ? spec.strings("images", false, (n, f, g) -> glob(src, n, f, g)) : null;
    Mode mode = spec.has("mode") ? spec.choice("mode", MODES) : Mode.ENFORCE;
    Map<String, Node> declared = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    List<Authority> authorities = AuthorityReader.read(spec, declared);
    sharedSigners(src, authorities, declared);
    SignatureRule signatures = signatures(spec, declared, used);
    SignedIdentity signedIdentity = SignedIdentityReader.read(spec);
    List<AttestationRule> attestations = AttestationReader.read(spec, declared, used);
    List<PolicyExemption> exceptions = exceptions(spec);
    if (!spec.has("signatures") && !spec.has("attestations")) {
      src.error(spec.node, "spec", "policy requires nothing; add signatures or attestations");
    }
    declared.forEach((n, node) -> {
      if (!used.contains(n)) {
        src.warn(node, "spec.authorities", "authority '" + n + "' is not used (list it in signatures.from or an "
            + "attestation's from, or remove it)");
      }
    });
    risks(src, spec, images, mode);
    Boolean mutate = mutate(src, spec);
    if (images == null || mode == null || signedIdentity == null || mutate == null) {
      return null;
    }
    return new ImagePolicy(name, src.location(at), images, mode, authorities, signatures, signedIdentity,
        attestations, exceptions, mutate);
  }

  /** {@code spec.mutate}: true (default) or false; null after reporting anything else. */
  private static Boolean mutate(Source src, YamlMap spec) {
    if (!spec.has("mutate")) {
      return true;
    }
    Node n = spec.get("mutate");
    if (!(n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s)
        || !org.snakeyaml.engine.v2.nodes.Tag.BOOL.equals(s.getTag())) {
      src.error(n, "spec.mutate", "expected true or false (false: verdict serve's /mutate leaves these images' "
          + "tags unpinned)");
      return null;
    }
    return s.getValue().equalsIgnoreCase("true");
  }

  /**
   * Warns about authorities one signer satisfies alike: the same public key (say once by path, once inline), or the
   * same exact keyless or certificate identity. k-of-n counts such a signer once, so listing both cannot raise the
   * number of signers a threshold needs.
   */
  private static void sharedSigners(Source src, List<Authority> authorities, Map<String, Node> declared) {
    Map<String, String> first = new LinkedHashMap<>();
    for (Authority a : authorities) {
      List<String> signers = new ArrayList<>();
      if (a instanceof Authority.Key k) {
        signers.add("the same key (sha256:" + k.key().fingerprint().substring(0, 16) + ")");
      } else {
        List<Identity> ids = a instanceof Authority.Keyless kl ? kl.identities()
            : ((Authority.Certificate) a).identities();
        for (Identity id : ids) {
          if (id.subject().exact() != null && (id.issuer() == null || id.issuer().exact() != null)) {
            signers.add("the same identity (" + id + ")");
          }
        }
      }
      for (String signer : signers) {
        String other = first.putIfAbsent(signer, a.name());
        if (other != null && !other.equals(a.name())) {
          src.warn(declared.get(a.name()), "spec.authorities", "authorities '" + other + "' and '" + a.name()
              + "' accept " + signer + ": one signer counts once toward signatures.require");
        }
      }
    }
  }

  private static boolean glob(Source src, Node at, String field, String glob) {
    if (glob.chars().anyMatch(Character::isWhitespace)) {
      src.error(at, field, "image glob '" + glob + "' contains white space");
      return false;
    }
    String problem = ImageGlob.problem(glob);
    if (problem != null) {
      src.error(at, field, "image glob '" + glob + "': " + problem);
      return false;
    }
    return true;
  }

  private static void risks(Source src, YamlMap spec, List<String> images, Mode mode) {
    String fileName = src.path.getFileName() == null ? "" : src.path.getFileName().toString();
    if ((mode == Mode.AUDIT || mode == Mode.WARN) && PROD.matcher(fileName.toLowerCase(Locale.ROOT)).find()) {
      src.warn(spec.get("mode"), "spec.mode", mode.name().toLowerCase(Locale.ROOT) + " never denies, in a file "
          + "named for production (use enforce)");
    }
    if (mode == Mode.AUDIT && images != null && images.contains("**")) {
      src.warn(spec.get("mode"), "spec.mode", "audit over images [\"**\"] checks every image and denies none "
          + "(use enforce or warn, or narrow images)");
    }
  }

  /** {@code from}: names of declared authorities, each once; marks them used. */
  static List<String> from(YamlMap m, Map<String, Node> declared, Set<String> used) {
    Set<String> seen = new HashSet<>();
    return m.strings("from", false, (at, field, n) -> {
      used.add(n);
      if (!declared.containsKey(n)) {
        m.src.error(at, field, "unknown authority '" + n + "' " + (declared.isEmpty()
            ? "(define it under spec.authorities)" : Suggest.hint(n, declared.keySet())));
      } else if (!seen.add(n)) {
        m.src.error(at, field, "authority '" + n + "' is listed twice");
      }
      return true;
    });
  }

  private static SignatureRule signatures(YamlMap spec, Map<String, Node> declared, Set<String> used) {
    YamlMap s = spec.map("signatures");
    if (s == null) {
      return null;
    }
    s.allow("require", "from");
    Integer require = s.has("require") ? s.integer("require") : Integer.valueOf(1);
    List<String> from = s.require("from", "name the authorities that may sign, e.g. from: [release-key]")
        ? from(s, declared, used) : null;
    if (require != null && require < 1) {
      s.src.error(s.get("require"), s.field("require"), "must be at least 1 (got " + require + ")");
    } else if (require != null && from != null && require > from.size()) {
      s.src.error(s.get("require"), s.field("require"), require + " signatures required but from names only "
          + from.size() + " authorit" + (from.size() == 1 ? "y" : "ies") + " (lower require or add authorities)");
    }
    return require == null || from == null ? null : new SignatureRule(require, from, s.src.location(s.node));
  }

  private static List<PolicyExemption> exceptions(YamlMap spec) {
    List<PolicyExemption> out = new ArrayList<>();
    List<Node> items = spec.list("exceptions", true);
    for (int i = 0; items != null && i < items.size(); i++) {
      YamlMap e = YamlMap.of(spec.src, items.get(i), spec.field("exceptions") + "[" + i + "]");
      if (e == null) {
        continue;
      }
      e.allow("images", "reason", "expires");
      List<String> images = e.require("images", "the images let through")
          ? e.strings("images", false, (n, f, g) -> glob(e.src, n, f, g)) : null;
      String reason = e.require("reason", "say why, e.g. a ticket") ? e.string("reason") : null;
      LocalDate expires = e.require("expires", "exceptions end: give a date YYYY-MM-DD") ? date(e, "expires") : null;
      if (images != null && images.contains("**")) {
        e.src.warn(e.get("images"), e.field("images"), "exempts every image (list the images to let through)");
      }
      if (expires != null && expires.isBefore(e.src.today)) {
        e.src.warn(e.get("expires"), e.field("expires"), "expired on " + expires + " (remove the exception or "
            + "extend it)");
      }
      if (images != null && reason != null && expires != null) {
        out.add(new PolicyExemption(images, reason, expires, e.src.location(e.node)));
      }
    }
    return out;
  }

  private static LocalDate date(YamlMap m, String key) {
    String s = m.string(key);
    if (s == null) {
      return null;
    }
    try {
      if (DATE.matcher(s).matches()) {
        return LocalDate.parse(s);
      }
    } catch (DateTimeParseException ex) {
      // reported below
    }
    m.src.error(m.get(key), m.field(key), "invalid date '" + s + "' (use YYYY-MM-DD)");
    return null;
  }

  /** {@code labels} and {@code annotations}: free keys, string values (as in Kubernetes). */
  private static void stringMap(YamlMap m) {
    if (m != null) {
      m.keys().forEach(m::string);
    }
  }
}
