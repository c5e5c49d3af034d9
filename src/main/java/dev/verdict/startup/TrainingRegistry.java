package dev.verdict.startup;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only distribution-API server over an OCI layout's blobs, on 127.0.0.1, used only by {@link Train} so that
 * the class-data archive also holds the registry client's classes. Tags are looked up in the layout's index.json.
 */
final class TrainingRegistry implements AutoCloseable {
  private static final Pattern PATH = Pattern.compile("/v2/[^ ]+/(manifests|blobs)/([^/]+)");
  private final HttpServer server;
  private final Path layout;
  private final String index;

  TrainingRegistry(Path layout) throws IOException {
    this.layout = layout;
    this.index = Files.readString(layout.resolve("index.json"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/v2/")) {
        send(ex, 200, new byte[0], "application/json");
        return;
      }
      Matcher m = PATH.matcher(path);
      if (!m.matches()) {
        send(ex, 404, new byte[0], "application/json");
        return;
      }
      String id = m.group(2);
      if (!id.startsWith("sha256:")) {
        Matcher tag = Pattern.compile("\"digest\":\"(sha256:[0-9a-f]{64})\"[^}]*\"org.opencontainers.image.ref.name\":\""
            + Pattern.quote(id) + "\"").matcher(index);
        if (!tag.find()) {
          send(ex, 404, new byte[0], "application/json");
          return;
        }
        id = tag.group(1);
      }
      Path blob = layout.resolve("blobs/sha256").resolve(id.substring(7));
      if (!Files.isRegularFile(blob)) {
        send(ex, 404, new byte[0], "application/json");
        return;
      }
      send(ex, 200, Files.readAllBytes(blob), m.group(1).equals("manifests")
          ? "application/vnd.oci.image.manifest.v1+json" : "application/octet-stream");
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body, String type) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
