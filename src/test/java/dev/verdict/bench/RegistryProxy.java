package dev.verdict.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the bench puts between verdict and the registry: a plain-HTTP reverse proxy that counts the requests it
 * forwards (registry traffic per verification), and a black hole that accepts connections and never answers.
 */
final class RegistryProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding",
      "keep-alive", "host", "upgrade", "date");
  final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final URI upstream;

  static {
    // The JDK server sends a response's headers and body in two segments; with Nagle's algorithm on, the body then
    // waits for the client's delayed ACK (40 ms on Linux), a latency no registry has. Through this proxy every
    // blob and manifest cost 40 ms: a cold decision (3 registry requests) measured p50 144 ms, 30-50 ms without.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private RegistryProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    server.createContext("/", this::forward);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  static RegistryProxy start(URI upstream) throws IOException {
    return new RegistryProxy(upstream);
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
          .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
          h.getValue().forEach(v -> b.header(h.getKey(), v));
        }
      }
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      r.headers().map().forEach((k, vs) -> {
        if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
          vs.forEach(v -> ex.getResponseHeaders().add(k, v));
        }
      });
      if (ex.getRequestMethod().equals("HEAD")) {
        r.headers().firstValue("content-length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
        ex.sendResponseHeaders(r.statusCode(), -1);
      } else {
        byte[] out = r.body();
        ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
        ex.getResponseBody().write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Accepts TCP connections and holds them open without reading or answering. */
  static final class BlackHole implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    BlackHole() throws IOException {
      socket = new ServerSocket(0, 1024, java.net.InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            held.add(socket.accept());
          } catch (IOException e) {
            return;
          }
        }
      }, "black-hole");
      t.setDaemon(true);
      t.start();
    }

    String host() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    int connections() {
      return held.size();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
