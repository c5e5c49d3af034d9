package dev.verdict.oci;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.VerdictException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Registry credentials from docker's {@code config.json} or a containers {@code auth.json}: {@code credHelpers},
 * {@code credsStore} and {@code auths}
 * (<a href="https://docs.docker.com/reference/cli/docker/#configuration-files">docker CLI configuration</a>,
 * <a href="https://github.com/containers/image/blob/main/docs/containers-auth.json.5.md">containers-auth.json(5)</a>).
 */
final class DockerConfig {
  private static final long MAX_BYTES = 4L << 20;
  static final String HUB_SERVER = "https://index.docker.io/v1/";
  private final Path file;
  private final JsonNode root;
  private final CredentialHelper helpers;

  private DockerConfig(Path file, JsonNode root, CredentialHelper helpers) {
    this.file = file;
    this.root = root;
    this.helpers = helpers;
  }

  /** Reads {@code dir/config.json}; a missing file is an empty configuration. */
  static DockerConfig load(Path dir, CredentialHelper helpers) throws ConfigException {
    return loadFile(dir.resolve("config.json"), helpers);
  }

  /**
   * Reads a docker {@code config.json} or a containers {@code auth.json} (the same {@code auths}, {@code credHelpers}
   * and {@code credsStore}); a missing file is an empty configuration. Errors name the file, the line and column of
   * a syntax error, or the field of the wrong type.
   */
  static DockerConfig loadFile(Path file, CredentialHelper helpers) throws ConfigException {
    byte[] bytes;
    try {
      bytes = InputFiles.read(file, MAX_BYTES);
    } catch (NoSuchFileException e) {
      return new DockerConfig(file, null, helpers);
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read registry credentials file: " + InputFiles.reason(e), e);
    }
    JsonNode root;
    try {
      root = Json.tree(bytes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file, "invalid registry credentials file: " + syntax(e), e);
    }
    if (!root.isObject()) {
      throw new ConfigException(file, "invalid registry credentials file: not a JSON object");
    }
    check(file, root);
    return new DockerConfig(file, root, helpers);
  }

  /** {@code not JSON at line 3, column 7}: where, without the parser's internals (source, class names, markers). */
  private static String syntax(IllegalArgumentException e) {
    if (e.getCause() instanceof tools.jackson.core.JacksonException j && j.getLocation() != null
        && j.getLocation().getLineNr() > 0) {
      return "not JSON at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
    }
    return "not JSON" + ("empty document".equals(e.getMessage()) ? " (empty)" : "");
  }

  /** The fields verdict reads have the types docker and podman write; anything else is named, never ignored. */
  private static void check(Path file, JsonNode root) throws ConfigException {
    for (String section : List.of("auths", "credHelpers")) {
      JsonNode s = root.get(section);
      if (s == null || s.isNull()) {
        continue;
      }
      if (!s.isObject()) {
        throw new ConfigException(file.toString(), 0, 0, section, "must be an object keyed by registry");
      }
      for (Map.Entry<String, JsonNode> e : s.properties()) {
        boolean ok = section.equals("auths") ? e.getValue().isObject() : e.getValue().isString();
        if (!ok) {
          throw new ConfigException(file.toString(), 0, 0, section + "." + e.getKey(), "must be "
              + (section.equals("auths") ? "an object ({\"auth\": \"BASE64\"} or username and password)"
              : "a string (the helper's name)"));
        }
      }
    }
    JsonNode store = root.get("credsStore");
    if (store != null && !store.isNull() && !store.isString()) {
      throw new ConfigException(file.toString(), 0, 0, "credsStore", "must be a string (the helper's name)");
    }
  }

  Path file() {
    return file;
  }

  /** The credential for {@code registry} (normalised host[:port]), or empty for anonymous access. */
  Optional<Credential> find(String registry) throws VerdictException {
    if (root == null) {
      return Optional.empty();
    }
    String helper = lookup("credHelpers", registry).map(JsonNode::asString)
        .orElseGet(() -> root.hasNonNull("credsStore") ? root.get("credsStore").asString() : null);
    if (helper != null && !helper.isEmpty()) {
      Optional<Credential> c = helpers.get(helper, serverUrl(registry));
      if (c.isPresent()) {
        return c;
      }
    }
    Optional<JsonNode> entry = lookup("auths", registry);
    return entry.isEmpty() ? Optional.empty() : fromAuthEntry(entry.get(), registry);
  }

  private Optional<Credential> fromAuthEntry(JsonNode e, String registry) throws ConfigException {
    String field = "auths." + registry;
    try {
      String auth = Json.text(e, "auth");
      String identity = Json.text(e, "identitytoken");
      if (auth != null && !auth.isEmpty() && (identity == null || identity.isEmpty())) {
        String decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("auth is not base64 of user:password");
        }
        return Optional.of(new Credential(decoded.substring(0, colon), decoded.substring(colon + 1)));
      }
      String token = Json.text(e, "identitytoken");
      if (token != null && !token.isEmpty()) {
        // docker login to Azure ACR and others: a refresh token for the registry's token service
        return Optional.of(Credential.identityToken(token));
      }
      String user = Json.text(e, "username");
      String pass = Json.text(e, "password");
      if (user != null && pass != null) {
        return Optional.of(new Credential(user, pass));
      }
      return Optional.empty();
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(file.toString(), 0, 0, field, ex.getMessage(), ex);
    }
  }

  /** The entry of {@code section} whose key names {@code registry} (keys may carry a scheme and a path). */
  private Optional<JsonNode> lookup(String section, String registry) {
    JsonNode s = root.get(section);
    if (s == null || !s.isObject()) {
      return Optional.empty();
    }
    // keys are compared in the one canonical spelling references use (case, default port, Docker Hub aliases)
    String want = Reference.canonicalRegistry(registry);
    for (Map.Entry<String, JsonNode> e : s.properties()) {
      if (Reference.canonicalRegistry(hostOfKey(e.getKey())).equals(want)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  static String hostOfKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.startsWith("https://")) {
      k = k.substring(8);
    } else if (k.startsWith("http://")) {
      k = k.substring(7);
    }
    int slash = k.indexOf('/');
    return slash < 0 ? k : k.substring(0, slash);
  }

  /** The server URL docker uses as a helper's key: Docker Hub's historic v1 URL, otherwise the host. */
  static String serverUrl(String registry) {
    return Reference.DOCKER_HUB.equals(registry) ? HUB_SERVER : registry;
  }
}
