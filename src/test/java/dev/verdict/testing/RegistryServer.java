package dev.verdict.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real CNCF Distribution 2.8 registry ({@code /usr/bin/docker-registry}, Debian's {@code docker-registry}) on
 * 127.0.0.1 with a free port and a temporary storage directory; optionally with htpasswd basic auth.
 */
public final class RegistryServer implements AutoCloseable {
  public static final String BINARY_PROPERTY = "verdict.registry.binary";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private final Path dir;
  private final int port;
  private Process process;
  private boolean tls;

  private RegistryServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** An anonymous registry. */
  public static RegistryServer start() throws IOException {
    return start(null, null, null, null, null);
  }

  /** A registry that requires {@code user}/{@code password} (basic auth, bcrypt htpasswd). */
  public static RegistryServer startWithBasicAuth(String user, String password) throws IOException {
    return start(user, password, null, null, null);
  }

  /**
   * A second registry over TLS ({@code certPem}/{@code keyPem}) serving the same storage as {@code plain}, so that
   * content pushed over plain HTTP can be read over HTTPS.
   */
  public static RegistryServer startTls(RegistryServer plain, Path certPem, Path keyPem) throws IOException {
    return start(null, null, plain.dir.resolve("data"), certPem, keyPem);
  }

  private static RegistryServer start(String user, String password, Path data, Path cert, Path key)
      throws IOException {
    Path binary = Path.of(System.getProperty(BINARY_PROPERTY, "/usr/bin/docker-registry"));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("integration tests need CNCF Distribution at " + binary
          + " (apt-get install docker-registry); run the test command from the README");
    }
    Path dir = Files.createTempDirectory("verdict-registry");
    int port = freePort();
    StringBuilder yml = new StringBuilder()
        .append("version: 0.1\n")
        .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ").append(data != null ? data : dir.resolve("data"))
        .append('\n')
        .append("  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
        .append("  secret: ").append(Long.toHexString(new SecureRandom().nextLong())).append('\n');
    if (cert != null) {
      yml.append("  tls:\n    certificate: ").append(cert).append("\n    key: ").append(key).append('\n');
    }
    if (user != null) {
      Path htpasswd = dir.resolve("htpasswd");
      Files.writeString(htpasswd, user + ":" + bcrypt(password) + "\n");
      yml.append("auth:\n  htpasswd:\n    realm: verdict-test\n    path: ").append(htpasswd).append('\n');
    }
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yml.toString());
    Process p = new ProcessBuilder(binary.toString(), "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    RegistryServer server = new RegistryServer(dir, port, p);
    server.tls = cert != null;
    try {
      server.awaitReady();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  static String bcrypt(String password) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 5);
  }

  private void awaitReady() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited with " + process.exitValue() + ": " + log());
      }
      if (tls) {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
          return; // listening; the TLS handshake is the test's business
        } catch (IOException e) {
          sleep(50);
          continue;
        }
      }
      try {
        int status = http.send(HttpRequest.newBuilder(url().resolve("/v2/")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the registry", e);
      }
      sleep(50);
    }
    throw new IOException("docker-registry did not answer on " + host() + " within " + START_TIMEOUT + ": " + log());
  }

  /** {@code 127.0.0.1:PORT}, the registry part of references. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public URI url() {
    return URI.create((tls ? "https://" : "http://") + host());
  }

  public int port() {
    return port;
  }

  /** Stops the registry process; the port then refuses connections. */
  public void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }

  private String log() {
    try {
      String s = Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
