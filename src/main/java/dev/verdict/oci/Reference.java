package dev.verdict.oci;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference, normalised as Docker does ({@code nginx} is {@code docker.io/library/nginx:latest}), or an OCI
 * image layout on disk ({@code oci:PATH[:tag|@sha256:...]}).
 *
 * <p>Grammar: <a href="https://github.com/distribution/reference/blob/main/reference.go">distribution/reference</a>.
 *
 * @param registry canonical registry host[:port] ({@link #canonicalRegistry}: lower case, no default port,
 *     {@code docker.io} for Docker Hub); null for a layout
 * @param repository repository path ({@code library/nginx}); for a layout, the layout path as given
 * @param tag tag, or null
 * @param digest digest, or null
 * @param layout the layout directory for {@code oci:} references, else null
 */
public record Reference(String registry, String repository, String tag, Digest digest, Path layout) {
  public static final String DOCKER_HUB = "docker.io";
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern HOST =
      Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
          + "|\\[[0-9A-Fa-f:]+\\])(?::[0-9]+)?");
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  /** Parses a reference; throws {@link IllegalArgumentException} naming what is wrong. */
  public static Reference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty image reference");
    }
    if (text.startsWith("oci:")) {
      return parseLayout(text);
    }
    if (HEX64.matcher(text).matches()) {
      // As Docker: a bare 64-hex string is an image ID, never a repository name.
      throw new IllegalArgumentException("invalid image reference '" + text
          + "': a 64-character hex string is an image ID, not a repository name");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid image reference '" + text + "': " + e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("invalid image reference '" + text + "': invalid tag '" + tag + "'");
      }
    }
    String registry;
    String path;
    int first = rest.indexOf('/');
    String head = first < 0 ? null : rest.substring(0, first);
    // Docker's rule (splitDockerDomain): the first component is a registry when it has a dot or a colon, is
    // "localhost", or has upper-case letters (which a repository component cannot have).
    if (head != null && (head.contains(".") || head.contains(":") || head.equals("localhost")
        || !head.equals(head.toLowerCase(Locale.ROOT)))) {
      registry = head;
      path = rest.substring(first + 1);
      if (!HOST.matcher(registry).matches()) {
        throw new IllegalArgumentException("invalid image reference '" + text + "': invalid registry '" + head + "'");
      }
    } else {
      registry = DOCKER_HUB;
      path = rest;
    }
    registry = canonicalRegistry(registry);
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    for (String component : path.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException("invalid image reference '" + text + "': invalid repository name '"
            + path + "'" + (component.equals(component.toLowerCase(Locale.ROOT)) ? "" : " (must be lowercase)"));
      }
    }
    if (path.length() + registry.length() + 1 > 255) {
      throw new IllegalArgumentException("invalid image reference '" + text + "': name longer than 255 characters");
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new Reference(registry, path, tag, digest, null);
  }

  private static Reference parseLayout(String text) {
    String rest = text.substring(4);
    Digest digest = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(rest.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid layout reference '" + text + "': " + e.getMessage());
      }
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    int slash = rest.lastIndexOf('/');
    if (colon > slash && colon > 1) { // keep "C:" drive letters out of tags
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("invalid layout reference '" + text + "': invalid tag '" + tag + "'");
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("invalid layout reference '" + text + "': missing path");
    }
    Path layout;
    try {
      layout = Path.of(rest);
    } catch (java.nio.file.InvalidPathException e) {
      // a NUL byte, say: the JDK's InvalidPathException is no documented error of this parser
      throw new IllegalArgumentException("invalid layout reference '" + text.replace("\0", "\\0") + "': "
          + e.getReason());
    }
    return new Reference(null, rest, tag, digest, layout);
  }

  /**
   * The one spelling of a registry every comparison uses: host names are case-insensitive (lower-cased), the
   * scheme's default port is dropped ({@code :443}, as registries other than loopback ones are spoken to over HTTPS;
   * {@code :80} for loopback ones, spoken to over HTTP), and Docker Hub's aliases ({@code index.docker.io},
   * {@code registry-1.docker.io}, {@code registry.hub.docker.com}) are {@code docker.io}.
   */
  public static String canonicalRegistry(String registry) {
    String r = registry.toLowerCase(Locale.ROOT);
    int colon = r.lastIndexOf(':');
    if (colon > r.lastIndexOf(']')) {
      String host = r.substring(0, colon);
      String port = r.substring(colon + 1);
      boolean loopback = Transport.isLoopback(host);
      if (port.equals(loopback ? "80" : "443")) {
        r = host;
      }
    }
    if (r.equals("index.docker.io") || r.equals("registry-1.docker.io") || r.equals("registry.hub.docker.com")) {
      return DOCKER_HUB;
    }
    return r;
  }

  /**
   * A repository-name prefix as {@code signedIdentity} remaps take it (containers/image's {@code remapIdentity}):
   * {@code host[:port]}, optionally followed by whole path components, never a tag or digest; one trailing
   * {@code /} is allowed. Returns it canonical (registry as {@link #canonicalRegistry}, no trailing slash), so it
   * can be compared component by component with {@link #repositoryName()}. With {@code layouts}, an
   * {@code oci:PATH} prefix is taken too (compared by whole path components, as written). Throws naming what is
   * wrong.
   */
  public static String canonicalPrefix(String prefix, boolean layouts) {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (layouts && p.startsWith("oci:") && p.length() > 4) {
      return p;
    }
    int slash = p.indexOf('/');
    String head = slash < 0 ? p : p.substring(0, slash);
    if (!(head.contains(".") || head.contains(":") || head.equalsIgnoreCase("localhost") || head.startsWith("["))
        || !HOST.matcher(head).matches()) {
      throw new IllegalArgumentException("'" + prefix + "' must start with a registry host (e.g. docker.io/library, "
          + "mirror.corp/hub)");
    }
    String out = canonicalRegistry(head);
    if (slash >= 0) {
      String path = p.substring(slash + 1);
      for (String component : path.split("/", -1)) {
        if (!COMPONENT.matcher(component).matches()) {
          throw new IllegalArgumentException("'" + prefix + "' has an invalid repository path '" + path + "'"
              + (component.equals(component.toLowerCase(Locale.ROOT)) ? " (a prefix names whole path components, "
              + "without tag or digest)" : " (must be lowercase)"));
        }
      }
      out = out + "/" + path;
    }
    return out;
  }

  /** Whether this registry reference lives at or under {@code canonicalPrefix}, compared by whole path components. */
  public boolean isUnder(String canonicalPrefix) {
    String name = repositoryName();
    return name.equals(canonicalPrefix) || name.startsWith(canonicalPrefix + "/");
  }

  public boolean isLayout() {
    return layout != null;
  }

  /** {@code registry/repository} (or {@code oci:PATH}): the repository this reference lives in. */
  public String repositoryName() {
    return isLayout() ? "oci:" + repository : registry + "/" + repository;
  }

  /** Same repository, pinned to {@code d} (the tag is kept for display). */
  public Reference withDigest(Digest d) {
    return new Reference(registry, repository, tag, d, layout);
  }

  /** Same repository and digest, no tag. */
  public Reference withoutTag() {
    return new Reference(registry, repository, null, digest, layout);
  }

  /** Same repository, another tag and no digest. */
  public Reference withTag(String t) {
    return new Reference(registry, repository, t, null, layout);
  }

  /** What to ask the registry for: the digest if known, else the tag. */
  public String identifier() {
    return digest != null ? digest.toString() : tag;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(repositoryName());
    if (tag != null) {
      sb.append(':').append(tag);
    }
    if (digest != null) {
      sb.append('@').append(digest);
    }
    return sb.toString();
  }
}
