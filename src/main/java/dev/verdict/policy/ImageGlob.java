package dev.verdict.policy;

import dev.verdict.oci.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Globs over normalised references: {@code *} matches within a path segment (no {@code /}), {@code **} across
 * segments ({@code a/**}{@code /b} also matches {@code a/b}), {@code ?} one character; {@code "**"} alone matches
 * everything, OCI layouts included. A glob without a tag or digest part also matches the reference's tagged and
 * digested forms ({@code ghcr.io/acme/app} matches {@code ghcr.io/acme/app:1.0@sha256:...}); a glob with only a tag
 * or only a digest matches references that carry both. Globs are normalised as Docker normalises names
 * ({@code nginx} is {@code docker.io/library/nginx}, {@code index.docker.io} is {@code docker.io}), so they can be
 * written the way users write image names.
 */
public final class ImageGlob {
  private ImageGlob() {}

  public static boolean matches(String glob, String reference) {
    String g = normalise(glob);
    if (g.equals("**")) {
      return true;
    }
    for (String form : forms(reference)) {
      if (match(g, form)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Docker's name normalisation applied to a glob: a first segment without a dot, colon or {@code localhost} is not
   * a registry, so {@code acme/app} means {@code docker.io/acme/app} and {@code nginx} {@code docker.io/library/nginx}.
   * Globs starting with {@code **} and {@code oci:} layouts are left alone. Idempotent.
   */
  public static String normalise(String glob) {
    if (glob.startsWith("oci:") || glob.startsWith("**")) {
      return glob;
    }
    int slash = glob.indexOf('/');
    if (slash < 0) {
      return "docker.io/library/" + glob;
    }
    String head = glob.substring(0, slash);
    String rest = glob.substring(slash + 1);
    // Docker's rule, as Reference applies it: a dot, a colon, localhost or an upper-case letter makes a registry
    boolean isRegistry = head.contains(".") || head.contains(":") || head.equals("localhost") || head.startsWith("[")
        || !head.equals(head.toLowerCase(Locale.ROOT));
    String registry = isRegistry ? Reference.canonicalRegistry(head) : Reference.DOCKER_HUB;
    String path = isRegistry ? rest : glob;
    if (registry.equals("docker.io") && !path.contains("/") && !path.contains("**")) {
      path = "library/" + path;
    }
    return registry + "/" + path;
  }

  /**
   * Why a glob can never match a reference, or null: repository paths are lower case (the distribution spec), so a
   * glob with an upper-case letter in its repository path would silently match nothing. The registry part is
   * case-insensitive and canonicalised by {@link #normalise}; tags may have upper case.
   */
  public static String problem(String glob) {
    if (glob.startsWith("oci:")) {
      return null;
    }
    String name = normalise(glob);
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      name = name.substring(0, colon);
    }
    String path = name.startsWith("**") ? name : name.substring(name.indexOf('/') + 1);
    if (!path.equals(path.toLowerCase(Locale.ROOT))) {
      return "repository path '" + path + "' has upper-case letters; repository names are lower case, so it would "
          + "never match";
    }
    return null;
  }

  /** The reference as given, without its digest, without its tag, and without both (distinct forms only). */
  static List<String> forms(String reference) {
    String name = reference;
    String digest = "";
    int at = name.indexOf('@');
    if (at >= 0) {
      digest = name.substring(at);
      name = name.substring(0, at);
    }
    String tag = "";
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    if (colon > slash && colon > (name.startsWith("oci:") ? 3 : -1)) {
      tag = name.substring(colon);
      name = name.substring(0, colon);
    }
    List<String> out = new ArrayList<>(List.of(name + tag + digest));
    for (String f : List.of(name + tag, name + digest, name)) {
      if (!out.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Dynamic programming over (glob position, text position): linear in the product of the lengths, so a glob with
   * many stars cannot make matching an attacker-chosen reference (admission requests) exponential.
   */
  static boolean match(String glob, String s) {
    char[] kinds = new char[glob.length()];
    char[] lits = new char[glob.length()];
    int m = 0;
    for (int i = 0; i < glob.length(); i++, m++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean dirs = i + 2 < glob.length() && glob.charAt(i + 2) == '/' && (i == 0 || glob.charAt(i - 1) == '/');
        kinds[m] = dirs ? 'D' : 'S';
        i += dirs ? 2 : 1;
      } else {
        kinds[m] = c == '*' ? 's' : c == '?' ? '?' : 'l';
        lits[m] = c;
      }
    }
    int n = s.length();
    boolean[] next = new boolean[n + 1]; // row i + 1
    next[n] = true;
    for (int i = m - 1; i >= 0; i--) {
      boolean[] cur = new boolean[n + 1];
      char kind = kinds[i];
      boolean anyDirs = false; // "X/" then the rest, for X any string starting at j
      for (int j = n; j >= 0; j--) {
        boolean more = j < n;
        switch (kind) {
          case 'l' -> cur[j] = more && s.charAt(j) == lits[i] && next[j + 1];
          case '?' -> cur[j] = more && s.charAt(j) != '/' && next[j + 1];
          case 's' -> cur[j] = next[j] || (more && s.charAt(j) != '/' && cur[j + 1]);
          case 'S' -> cur[j] = next[j] || (more && cur[j + 1]);
          default -> {
            anyDirs = more && ((s.charAt(j) == '/' && next[j + 1]) || anyDirs);
            cur[j] = next[j] || anyDirs;
          }
        }
      }
      next = cur;
    }
    return next[0];
  }
}
