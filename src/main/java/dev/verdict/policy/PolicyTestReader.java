package dev.verdict.policy;

import dev.verdict.oci.Reference;
import dev.verdict.result.Decision;
import dev.verdict.result.Status;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads one {@code kind: PolicyTest} document into a {@link PolicyTestSuite}, reporting every problem it finds. */
final class PolicyTestReader {
  static final String KIND = "PolicyTest";
  /** {@code expect: no-match}: the image is denied because no policy matches it, and that is the point. */
  static final String NO_MATCH = "no-match";
  static final String NO_MATCH_CHECK = "policy.match";
  private static final Map<String, Decision> DECISIONS = new LinkedHashMap<>();
  private static final Map<String, Status> STATUSES = new LinkedHashMap<>();

  private static final Map<String, Decision> EXPECTS = new LinkedHashMap<>();

  static {
    for (Decision d : Decision.values()) {
      DECISIONS.put(d.label(), d);
    }
    EXPECTS.putAll(DECISIONS);
    EXPECTS.put(NO_MATCH, Decision.DENY);
    for (Status s : Status.values()) {
      STATUSES.put(s.label(), s);
    }
  }

  private PolicyTestReader() {}

  /** The suite, or null when the document has errors (all reported to {@code src}). */
  static PolicyTestSuite read(Source src, Node root) {
    int before = src.errorCount();
    if (!(root instanceof MappingNode)) {
      src.error(root, null, "a policy test is a mapping with apiVersion, kind, metadata, policies and cases, not "
          + YamlMap.kind(root));
      return null;
    }
    YamlMap doc = YamlMap.of(src, root, "");
    String kind = doc.require("kind", "kind: " + KIND) ? doc.string("kind") : null;
    if (kind != null && !kind.equals(KIND)) {
      src.error(doc.get("kind"), "kind", "unsupported kind '" + kind + "' (policy test files hold kind: " + KIND
          + ")");
      return null;
    }
    doc.allow("apiVersion", "kind", "metadata", "policies", "now", "cases");
    String api = doc.require("apiVersion", "apiVersion: " + PolicyReader.API_VERSION) ? doc.string("apiVersion") : null;
    if (api != null && !api.equals(PolicyReader.API_VERSION)) {
      src.error(doc.get("apiVersion"), "apiVersion", "unsupported version '" + api + "' (use "
          + PolicyReader.API_VERSION + ")");
    }
    String name = null;
    YamlMap meta = doc.require("metadata", "metadata: {name: NAME}") ? doc.map("metadata") : null;
    if (meta != null) {
      meta.allow("name", "labels", "annotations");
      name = meta.require("name", "name the test; reports show it") ? meta.string("name") : null;
    }
    List<Path> policies = new ArrayList<>();
    List<String> written = doc.require("policies", "list the policy files or directories to test, relative to "
        + "this file") ? doc.strings("policies", false, (at, field, p) -> policyPath(src, at, field, p, policies))
        : null;
    Instant now = null;
    String nowText = doc.string("now");
    if (nowText != null) {
      try {
        now = Instant.parse(nowText);
      } catch (java.time.format.DateTimeParseException e) {
        src.error(doc.get("now"), "now", "invalid time '" + nowText + "' (an RFC 3339 UTC time such as "
            + "2026-11-24T00:00:00Z)");
      }
    }
    List<PolicyTestCase> cases = doc.require("cases", "list cases: {name, image, expect}") ? cases(doc) : null;
    if (src.errorCount() != before || name == null || written == null || cases == null || cases.isEmpty()) {
      return null;
    }
    Node at = meta.get("name");
    return new PolicyTestSuite(name, src.path, src.location(at), policies, cases, now);
  }

  private static boolean policyPath(Source src, Node at, String field, String written, List<Path> out) {
    Path p = resolve(src, at, field, written);
    if (p != null && !Files.exists(p)) {
      src.error(at, field, "'" + written + "' does not exist (looked for " + p + "; paths are relative to the "
          + "test file)");
      return false;
    }
    if (p != null) {
      out.add(p);
    }
    return p != null;
  }

  private static List<PolicyTestCase> cases(YamlMap doc) {
    List<Node> items = doc.list("cases", false);
    if (items == null) {
      return null;
    }
    List<PolicyTestCase> out = new ArrayList<>();
    Map<String, Node> names = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMap c = YamlMap.of(doc.src, items.get(i), "cases[" + i + "]");
      if (c == null) {
        continue;
      }
      c.allow("name", "image", "layoutName", "sbom", "expect", "checks", "attestations");
      String name = c.require("name", "say what the case proves") ? c.string("name") : null;
      if (name != null) {
        Node first = names.putIfAbsent(name, c.get("name"));
        if (first != null) {
          c.src.error(c.get("name"), c.field("name"), "duplicate case name '" + name + "' (first at line "
              + Source.line(first) + "; case names must be unique in a file)");
        }
      }
      boolean isSbom = c.has("sbom");
      if (isSbom && c.has("image")) {
        c.src.error(c.get("sbom"), c.field("sbom"), "a case judges an image or an SBOM file, not both");
      }
      if (isSbom && c.has("attestations")) {
        c.src.error(c.get("attestations"), c.field("attestations"), "attestation files are evidence for an image; "
            + "an SBOM case has none");
      }
      String image = null;
      Reference ref = null;
      String sbom = null;
      Path sbomFile = null;
      if (isSbom) {
        sbom = c.string("sbom");
        sbomFile = file(c, c.get("sbom"), c.field("sbom"), sbom);
      } else {
        image = c.require("image", "oci:PATH relative to this file, a registry reference, or give sbom: FILE "
            + "instead") ? c.string("image") : null;
        ref = image == null ? null : image(c, image);
      }
      String layoutName = layoutName(c, ref);
      boolean noMatch = NO_MATCH.equals(c.string("expect"));
      Decision expect = c.require("expect", "one of " + String.join(", ", EXPECTS.keySet()))
          ? c.choice("expect", EXPECTS) : null;
      List<PolicyTestCase.ExpectedCheck> checks = checks(c);
      if (noMatch) {
        // "denied because no policy covers the image", said on purpose: the harness otherwise refuses that deny
        checks.add(new PolicyTestCase.ExpectedCheck(NO_MATCH_CHECK, null, null, Status.FAIL,
            c.src.location(c.get("expect"))));
      }
      List<Path> attestations = files(c, "attestations");
      if (name != null && expect != null && (isSbom ? sbomFile != null && image == null && attestations.isEmpty()
          : ref != null)) {
        out.add(new PolicyTestCase(name, c.src.location(c.node), image, ref, expect, checks, attestations, sbom,
            sbomFile, layoutName));
      }
    }
    return out;
  }

  /** {@code layoutName}: a registry name (no digest), and only beside an {@code oci:} image. */
  private static String layoutName(YamlMap c, Reference ref) {
    String written = c.string("layoutName");
    if (written == null) {
      return null;
    }
    Node at = c.get("layoutName");
    if (ref != null && !ref.isLayout()) {
      c.src.error(at, c.field("layoutName"), "only an oci: layout needs a name; a registry image has its own");
      return null;
    }
    try {
      Reference named = Reference.parse(written);
      if (named.isLayout() || named.digest() != null) {
        c.src.error(at, c.field("layoutName"), "'" + written + "' is not an image name (write "
            + "registry/repository[:tag], without a digest: the layout's digest is the one verified)");
        return null;
      }
      return written;
    } catch (IllegalArgumentException e) {
      c.src.error(at, c.field("layoutName"), e.getMessage());
      return null;
    }
  }

  /** The reference, an {@code oci:} layout path resolved against the test file and required to exist. */
  private static Reference image(YamlMap c, String written) {
    Node at = c.get("image");
    Reference ref;
    try {
      ref = Reference.parse(written);
    } catch (IllegalArgumentException e) {
      c.src.error(at, c.field("image"), e.getMessage());
      return null;
    }
    if (!ref.isLayout()) {
      return ref;
    }
    Path dir = resolve(c.src, at, c.field("image"), ref.layout().toString());
    if (dir == null) {
      return null;
    }
    if (!Files.isDirectory(dir)) {
      c.src.error(at, c.field("image"), "OCI layout directory '" + ref.layout() + "' does not exist (looked for "
          + dir + "; oci: paths are relative to the test file)");
      return null;
    }
    return new Reference(null, dir.toString(), ref.tag(), ref.digest(), dir);
  }

  private static List<PolicyTestCase.ExpectedCheck> checks(YamlMap c) {
    List<PolicyTestCase.ExpectedCheck> out = new ArrayList<>();
    List<Node> items = c.list("checks", false);
    for (int i = 0; items != null && i < items.size(); i++) {
      YamlMap m = YamlMap.of(c.src, items.get(i), c.field("checks") + "[" + i + "]");
      if (m == null) {
        continue;
      }
      m.allow("id", "subject", "policy", "status");
      String id = m.require("id", "the check id, e.g. signature") ? m.string("id") : null;
      String subject = m.string("subject");
      String policy = m.string("policy");
      Status status = m.require("status", "one of " + String.join(", ", STATUSES.keySet()))
          ? m.choice("status", STATUSES) : null;
      if (id != null && status != null) {
        out.add(new PolicyTestCase.ExpectedCheck(id, subject, policy, status, m.src.location(m.node)));
      }
    }
    return out;
  }

  /** Evidence files relative to the test file; each must be a readable file. */
  private static List<Path> files(YamlMap c, String key) {
    List<Path> out = new ArrayList<>();
    c.strings(key, false, (at, field, written) -> {
      Path p = file(c, at, field, written);
      if (p != null) {
        out.add(p);
      }
      return p != null;
    });
    return out;
  }

  /** An evidence file relative to the test file, or null (with the error recorded) when it is not readable. */
  private static Path file(YamlMap c, Node at, String field, String written) {
    if (written == null) {
      return null;
    }
    Path p = resolve(c.src, at, field, written);
    if (p != null && !(Files.isRegularFile(p) && Files.isReadable(p))) {
      c.src.error(at, field, "file '" + written + "' does not exist or is not readable (looked for " + p
          + "; paths are relative to the test file)");
      return null;
    }
    return p;
  }

  private static Path resolve(Source src, Node at, String field, String written) {
    try {
      return src.resolve(written);
    } catch (InvalidPathException e) {
      src.error(at, field, "invalid path '" + written + "': " + e.getReason());
      return null;
    }
  }
}
