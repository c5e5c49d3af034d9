package dev.verdict.sbom;

import dev.verdict.ConfigException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What is being judged, as VEX statements must name it to apply: an image (its verified digest) or a local SBOM (its
 * own subject: CycloneDX {@code serialNumber}/{@code version} and {@code metadata.component} purl and bom-ref, or an
 * in-toto statement's subject digests and purl).
 *
 * @param digests {@code sha256:<hex>} digests, lower case
 * @param purls purls the subject is known by
 * @param serial the CycloneDX serial number ({@code urn:uuid:...}, lower case), or null
 * @param version the CycloneDX BOM version, or null
 * @param rootRef the bom-ref of the BOM's {@code metadata.component}, or null
 * @param refs bom-ref to purl (else the bom-ref itself) of every component of the BOM, for BOM-links into it
 */
public record VexSubject(Set<String> digests, Set<String> purls, String serial, String version, String rootRef,
    Map<String, String> refs) {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public VexSubject {
    digests = Set.copyOf(digests);
    purls = Set.copyOf(purls);
    refs = Map.copyOf(refs);
  }

  /** An image, known by its verified digest only: a tag or repository name proves nothing about the content. */
  public static VexSubject image(String digest) {
    return new VexSubject(Set.of(digest.toLowerCase(Locale.ROOT)), Set.of(), null, null, null, Map.of());
  }

  /** The subject of a local file: a CycloneDX BOM or an in-toto statement; anything else names nothing. */
  public static VexSubject of(byte[] content, String source) throws ConfigException {
    try {
      return of(VexReader.json(content, source));
    } catch (SbomFormatException e) {
      throw e.toConfigException(source);
    }
  }

  static VexSubject of(JsonNode tree) {
    Set<String> digests = new HashSet<>();
    Set<String> purls = new HashSet<>();
    if (tree.has("predicateType")) {
      for (JsonNode s : Json.array(tree, "subject")) {
        String hex = Json.text(s.path("digest"), "sha256");
        if (hex != null && hex.matches("[0-9a-fA-F]{64}")) {
          digests.add("sha256:" + hex.toLowerCase(Locale.ROOT));
        }
        String uri = Json.text(s, "uri");
        if (uri != null && uri.startsWith("pkg:")) {
          purls.add(uri);
        }
      }
      return new VexSubject(digests, purls, null, null, null, Map.of());
    }
    JsonNode root = tree.path("metadata").path("component");
    String rootPurl = Json.text(root, "purl");
    if (rootPurl != null) {
      purls.add(rootPurl);
      try {
        Purl p = Purl.parse(rootPurl);
        // a BOM of an image names it as pkg:oci/name@sha256:...: that digest is the subject's too
        if (p.type().equals("oci") && p.version() != null && DIGEST.matcher(p.version().toLowerCase(Locale.ROOT))
            .matches()) {
          digests.add(p.version().toLowerCase(Locale.ROOT));
        }
      } catch (IllegalArgumentException e) {
        purls.remove(rootPurl); // a root purl that does not parse names nothing
      }
    }
    Map<String, String> refs = refs(tree);
    String serial = Json.text(tree, "serialNumber");
    return new VexSubject(digests, purls, serial == null ? null : serial.toLowerCase(Locale.ROOT),
        Json.text(tree, "version"), Json.text(root, "bom-ref"), refs);
  }

  /**
   * Every bom-ref of a CycloneDX BOM ({@code metadata.component} and nested components) to the component's purl,
   * else the bom-ref itself. A bom-ref given twice is malformed: which component a finding or a VEX statement is
   * about must not depend on which of the two a reader keeps.
   */
  static Map<String, String> refs(JsonNode bom) {
    Map<String, String> out = new HashMap<>();
    add(bom.path("metadata").path("component"), "metadata.component", out);
    collectRefs(bom, "components", out);
    return out;
  }

  private static void collectRefs(JsonNode node, String path, Map<String, String> out) {
    List<JsonNode> list = Json.array(node, "components");
    for (int i = 0; i < list.size(); i++) {
      String at = path + "[" + i + "]";
      add(list.get(i), at, out);
      collectRefs(list.get(i), at + ".components", out);
    }
  }

  private static void add(JsonNode c, String at, Map<String, String> out) {
    String ref = Json.text(c, "bom-ref");
    if (ref == null) {
      return;
    }
    String purl = Json.text(c, "purl");
    if (out.put(ref, purl == null ? ref : purl) != null) {
      throw new SbomFormatException(null, at + ".bom-ref", "'" + ref + "' is the bom-ref of another component too");
    }
  }

  /**
   * Whether the product identifier {@code id} names this subject: a {@code pkg:oci} purl whose version is one of
   * the digests (name and {@code repository_url} are not compared: the digest names the content wherever it is
   * stored), another purl of the subject (a product purl without version covers every version), a bare digest
   * ({@code sha256:...}, or a reference ending {@code @sha256:...}), or a BOM-link {@code urn:cdx:serial/version}
   * to this BOM (version compared when both state one; with a fragment, only the BOM's root component). A malformed
   * purl names nothing.
   */
  public boolean names(String id) {
    if (id == null) {
      return false;
    }
    if (id.regionMatches(true, 0, "pkg:", 0, 4)) {
      Purl p;
      try {
        p = Purl.parse(id);
      } catch (IllegalArgumentException e) {
        return false;
      }
      if (p.type().equals("oci")) {
        return p.version() != null && digests.contains(p.version().toLowerCase(Locale.ROOT));
      }
      return purls.stream().anyMatch(s -> Vex.samePackage(id, s));
    }
    if (id.regionMatches(true, 0, "urn:cdx:", 0, 8)) {
      BomLink link = BomLink.parse(id);
      return link != null && namesBom(link) && (link.ref() == null || link.ref().equals(rootRef));
    }
    String lower = id.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf('@');
    String digest = at >= 0 ? lower.substring(at + 1) : lower;
    return DIGEST.matcher(digest).matches() && digests.contains(digest);
  }

  /** How messages name the subject: {@code image sha256:...}, {@code BOM urn:uuid:... (pkg:...)}. */
  public String describe() {
    if (serial == null && purls.isEmpty()) {
      return digests.isEmpty() ? "a subject (it states no identity)" : "image " + String.join(", ",
          new java.util.TreeSet<>(digests));
    }
    List<String> parts = new java.util.ArrayList<>();
    if (serial != null) {
      parts.add("BOM " + serial + (version == null ? "" : "/" + version));
    }
    parts.addAll(new java.util.TreeSet<>(purls));
    return String.join(", ", parts);
  }

  /** Whether a BOM-link's serial (and version, when both state one) is this BOM's. */
  boolean namesBom(BomLink link) {
    return serial != null && link.serial().equals(serial)
        && (link.version() == null || version == null || link.version().equals(version));
  }

  /** A hash of the subject (OpenVEX {@code hashes}): only sha-256 values are compared with the digests. */
  boolean hasHash(String algorithm, String value) {
    String alg = algorithm.toLowerCase(Locale.ROOT).replace("-", "");
    return alg.equals("sha256") && value != null && digests.contains("sha256:" + value.toLowerCase(Locale.ROOT));
  }

  /** A CycloneDX BOM-link, {@code urn:cdx:<serial>/<version>#<bom-ref>} (version and fragment optional). */
  record BomLink(String serial, String version, String ref) {
    /** Parses a BOM-link, or null when {@code text} is not one. */
    static BomLink parse(String text) {
      if (text == null || !text.regionMatches(true, 0, "urn:cdx:", 0, 8)) {
        return null;
      }
      String rest = text.substring(8);
      String ref = null;
      int hash = rest.indexOf('#');
      if (hash >= 0) {
        try {
          ref = Purl.decode(rest.substring(hash + 1));
        } catch (IllegalArgumentException e) {
          return null;
        }
        rest = rest.substring(0, hash);
        if (ref.isEmpty()) {
          return null;
        }
      }
      int slash = rest.indexOf('/');
      String serial = slash < 0 ? rest : rest.substring(0, slash);
      String version = slash < 0 ? null : rest.substring(slash + 1);
      if (serial.isEmpty() || version != null && !version.matches("[1-9][0-9]{0,9}")) {
        return null;
      }
      return new BomLink("urn:uuid:" + serial.toLowerCase(Locale.ROOT), version, ref);
    }
  }
}
