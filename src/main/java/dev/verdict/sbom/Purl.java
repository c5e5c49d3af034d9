package dev.verdict.sbom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A package URL (https://github.com/package-url/purl-spec): {@code pkg:type/namespace/name@version?qualifiers#subpath},
 * percent-decoded, with the type-specific normalisation the spec asks for (case, PyPI {@code _} to {@code -}).
 */
record Purl(String type, String namespace, String name, String version, Map<String, String> qualifiers,
    String subpath) {
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9.+-]*");

  /** Types whose namespace and name are case-insensitive and lower-cased by the spec. */
  private static final Set<String> LOWER_CASE = Set.of("bitbucket", "github", "pypi", "deb", "apk", "composer",
      "hex", "npm", "alpm", "luarocks", "qpkg", "oci");

  public Purl {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("purl type '" + type + "' is invalid");
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("purl has no name");
    }
    qualifiers = Map.copyOf(qualifiers);
  }

  /** Parses a purl; throws IllegalArgumentException naming the problem. */
  public static Purl parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("purl is missing");
    }
    String[] parts = split(text.trim());
    return of(parts[0], parts[1], parts[2], parts[3] == null ? null : decode(parts[3]), parts[4], parts[5]);
  }

  /**
   * Splits {@code text} into raw type, namespace, name, version, qualifiers and subpath (the last three may be null),
   * decoding everything but the version; used by {@link PackageRule} whose version part is a range.
   */
  static String[] split(String text) {
    if (!text.regionMatches(true, 0, "pkg:", 0, 4)) {
      throw new IllegalArgumentException("'" + text + "' is not a purl (must start with pkg:)");
    }
    String rest = text.substring(4);
    while (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    String subpath = null;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      subpath = decodePath(rest.substring(hash + 1));
      rest = rest.substring(0, hash);
    }
    String qualifiers = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      qualifiers = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("purl '" + text + "' has no type or no name");
    }
    String type = rest.substring(0, slash).toLowerCase(Locale.ROOT);
    String path = rest.substring(slash + 1);
    String version = null;
    int at = path.lastIndexOf('@');
    // an unencoded npm scope ("pkg:npm/@babel/core") has '@' before a '/': not a version separator
    if (at >= 0 && (path.indexOf('/', at) < 0 || path.startsWith("vers:", at + 1))) {
      version = path.substring(at + 1);
      path = path.substring(0, at);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    int last = path.lastIndexOf('/');
    String name = decode(path.substring(last + 1));
    String namespace = last < 0 ? null : decodePath(path.substring(0, last));
    return new String[] {type, namespace, name, version, qualifiers, subpath};
  }

  static Purl of(String type, String namespace, String name, String version, String rawQualifiers, String subpath) {
    Map<String, String> qualifiers = new TreeMap<>();
    Set<String> keys = new java.util.HashSet<>();
    if (rawQualifiers != null && !rawQualifiers.isEmpty()) {
      for (String kv : rawQualifiers.split("&")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("purl qualifier '" + kv + "' is not key=value");
        }
        if (!keys.add(kv.substring(0, eq).toLowerCase(Locale.ROOT))) {
          // keys are unique in the spec; which value counts would otherwise depend on the order they are written
          throw new IllegalArgumentException("purl qualifier '" + kv.substring(0, eq) + "' appears twice");
        }
        String value = decode(kv.substring(eq + 1));
        if (!value.isEmpty()) {
          qualifiers.put(kv.substring(0, eq).toLowerCase(Locale.ROOT), value);
        }
      }
    }
    if (LOWER_CASE.contains(type)) {
      namespace = namespace == null ? null : namespace.toLowerCase(Locale.ROOT);
      name = name.toLowerCase(Locale.ROOT);
    }
    if (type.equals("pypi")) {
      name = name.replace('_', '-');
    }
    return new Purl(type, namespace == null || namespace.isEmpty() ? null : namespace, name,
        version == null || version.isEmpty() ? null : version, qualifiers, subpath);
  }

  /** This purl without version, qualifiers and subpath: the package's identity across versions. */
  public String coordinates() {
    return "pkg:" + type + "/" + (namespace == null ? "" : namespace + "/") + name;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(coordinates());
    if (version != null) {
      sb.append('@').append(version);
    }
    if (!qualifiers.isEmpty()) {
      List<String> kv = new ArrayList<>();
      new TreeMap<>(qualifiers).forEach((k, v) -> kv.add(k + "=" + v));
      sb.append('?').append(String.join("&", kv));
    }
    return subpath == null ? sb.toString() : sb.append('#').append(subpath).toString();
  }

  private static String decodePath(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty() && !s.equals(".") && !s.equals("..")) {
        segments.add(decode(s));
      }
    }
    return String.join("/", segments);
  }

  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
            || Character.digit(s.charAt(i + 2), 16) < 0) {
          throw new IllegalArgumentException("purl has an invalid percent escape in '" + s + "'");
        }
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
