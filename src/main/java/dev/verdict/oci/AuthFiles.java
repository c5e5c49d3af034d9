package dev.verdict.oci;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where registry logins are looked up, in the order podman and skopeo use
 * (<a href="https://github.com/containers/image/blob/main/docs/containers-auth.json.5.md">containers-auth.json(5)</a>):
 * {@code $REGISTRY_AUTH_FILE}, else {@code $XDG_RUNTIME_DIR/containers/auth.json}; then
 * {@code $XDG_CONFIG_HOME/containers/auth.json} ({@code ~/.config}); then docker's {@code $DOCKER_CONFIG/config.json}
 * ({@code ~/.docker}). The first file that has a login for a registry answers for it.
 */
final class AuthFiles {
  private AuthFiles() {}

  static List<Path> search(UnaryOperator<String> env, String home) {
    List<Path> out = new ArrayList<>();
    String authFile = set(env.apply("REGISTRY_AUTH_FILE"));
    String runtime = set(env.apply("XDG_RUNTIME_DIR"));
    if (authFile != null) {
      out.add(Path.of(authFile));
    } else if (runtime != null) {
      out.add(Path.of(runtime, "containers", "auth.json"));
    }
    String config = set(env.apply("XDG_CONFIG_HOME"));
    out.add(config != null ? Path.of(config, "containers", "auth.json") : Path.of(home, ".config", "containers",
        "auth.json"));
    String docker = set(env.apply("DOCKER_CONFIG"));
    out.add(docker != null ? Path.of(docker, "config.json") : Path.of(home, ".docker", "config.json"));
    return out;
  }

  private static String set(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
