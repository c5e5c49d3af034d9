package dev.verdict.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A scriptable HTTP server on 127.0.0.1 that plays a (possibly lying) registry in unit tests. */
final class FakeRegistry implements AutoCloseable {
  /** One scripted answer. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    static Answer of(int status, byte[] body, String... headerPairs) {
      Map<String, String> h = new java.util.LinkedHashMap<>();
      for (int i = 0; i < headerPairs.length; i += 2) {
        h.put(headerPairs[i], headerPairs[i + 1]);
      }
      return new Answer(status, h, body);
    }
  }

  interface Handler {
    Answer answer(HttpExchange exchange, int callNumber) throws IOException;
  }

  /** What a request carried, for assertions. */
  record Seen(String method, String uri, String authorization, String accept) {}

  private final HttpServer server;
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-registry");
      t.setDaemon(true);
      return t;
    })); // concurrent requests are served concurrently, as a registry does
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Routes an exact path (without query) to a handler. */
  FakeRegistry on(String path, Handler h) {
    routes.put(path, h);
    return this;
  }

  FakeRegistry on(String path, Answer a) {
    return on(path, (ex, n) -> a);
  }

  int calls(String path) {
    AtomicInteger c = calls.get(path);
    return c == null ? 0 : c.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(),
        ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Accept")));
    int n = calls.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    Handler h = routes.get(path);
    Answer a = h == null ? Answer.of(404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}".getBytes()) : h.answer(ex, n);
    if (a == null) {
      ex.close(); // the handler answered by itself
      return;
    }
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
    if (a.body().length > 0) {
      ex.getResponseBody().write(a.body());
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
