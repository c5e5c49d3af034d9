package dev.verdict.oci;

import dev.verdict.UndecidableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Runs {@code docker-credential-<name> get}, writing the server URL to its stdin and reading
 * {@code {"Username":..,"Secret":..}} (<a href="https://github.com/docker/docker-credential-helpers">protocol</a>).
 */
class CredentialHelper {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final long TIMEOUT_SECONDS = 20;
  private final Function<String, String> executable;

  /** Helpers found on the PATH. */
  CredentialHelper() {
    this(name -> "docker-credential-" + name);
  }

  /** {@code executable} maps a helper name to the program to run (tests point it at a script). */
  CredentialHelper(Function<String, String> executable) {
    this.executable = executable;
  }

  static CredentialHelper inDirectory(Path dir) {
    return new CredentialHelper(name -> dir.resolve("docker-credential-" + name).toString());
  }

  Optional<Credential> get(String helper, String serverUrl) throws UndecidableException {
    String program = "docker-credential-" + helper;
    if (!NAME.matcher(helper).matches()) {
      throw new UndecidableException(serverUrl, "invalid credential helper name '" + helper + "'");
    }
    try {
      Process p = new ProcessBuilder(executable.apply(helper), "get").redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // A helper may exit without reading stdin (e.g. when it fails early): its exit status tells us more.
      }
      byte[] out;
      try (InputStream stdout = p.getInputStream()) {
        out = stdout.readNBytes(64 * 1024);
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new UndecidableException(serverUrl, program + " did not answer within " + TIMEOUT_SECONDS + " s");
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        if (text.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
          return Optional.empty();
        }
        throw new UndecidableException(serverUrl, program + " failed (exit " + p.exitValue() + "): " + firstLine(text));
      }
      return Optional.of(parse(text, program, serverUrl));
    } catch (IOException e) {
      throw new UndecidableException(serverUrl, "cannot run credential helper " + program + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UndecidableException(serverUrl, "interrupted while running " + program, e);
    }
  }

  private static Credential parse(String text, String program, String serverUrl) throws UndecidableException {
    try {
      JsonNode n = Json.tree(text.getBytes(StandardCharsets.UTF_8));
      String user = Json.requiredText(n, "Username");
      String secret = Json.requiredText(n, "Secret");
      if (Credential.TOKEN_USER.equals(user)) {
        return Credential.identityToken(secret); // the helper's Secret is an identity (refresh) token
      }
      return new Credential(user, secret);
    } catch (IllegalArgumentException e) {
      throw new UndecidableException(serverUrl, program + " returned unusable output: " + e.getMessage());
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
