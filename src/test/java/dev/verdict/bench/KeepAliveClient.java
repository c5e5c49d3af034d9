package dev.verdict.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lean load client for a fixed list of distinct AdmissionReviews: N keep-alive TLS connections, one blocking
 * thread each, plain HTTP/1.1 with Content-Length, every answer parsed and checked as the apiserver checks it (HTTP
 * 200, the request's uid echoed). The JDK's HttpClient costs the bench's own process about as much CPU per request
 * as the server it measures, on the same 2 cores; this one costs a fraction.
 */
final class KeepAliveClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What a run did: allowed and denied answers, failures (non-200, a wrong uid, an I/O error), wall and CPU time. */
  record Run(int allowed, int denied, int failed, double seconds, double clientCpuSeconds) {}

  private KeepAliveClient() {}

  /** Posts every body once to {@code path}, on {@code connections} connections; uids[i] is body i's uid. */
  static Run post(SSLContext tls, int port, String path, List<byte[]> bodies, List<String> uids, int connections)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger allowed = new AtomicInteger();
    AtomicInteger denied = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    List<SSLSocket> sockets = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
      s.setTcpNoDelay(true);
      s.startHandshake(); // connections are open before the clock starts, as the apiserver's pool is
      sockets.add(s);
    }
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
    long t0 = System.nanoTime();
    for (SSLSocket s : sockets) {
      Thread t = new Thread(() -> {
        long cpu0 = mx.getCurrentThreadCpuTime();
        try (s) {
          OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
          InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
          byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + BenchTls.SERVICE_NAME
              + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
          for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
            byte[] body = bodies.get(i);
            out.write(head);
            out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            byte[] answer = response(in);
            JsonNode r = answer == null ? null : JSON.readTree(answer).path("response");
            if (r == null || !uids.get(i).equals(r.path("uid").asString(""))) {
              failed.incrementAndGet();
            } else if (r.path("allowed").asBoolean(false)) {
              allowed.incrementAndGet();
            } else {
              denied.incrementAndGet();
            }
          }
        } catch (IOException | RuntimeException e) {
          failed.incrementAndGet();
        } finally {
          cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    int unanswered = Math.max(0, bodies.size() - allowed.get() - denied.get() - failed.get());
    return new Run(allowed.get(), denied.get(), failed.get() + unanswered, seconds, cpuNanos.get() / 1e9);
  }

  /** The body of one HTTP/1.1 response if its status is 200, else null (the body is read either way). */
  private static byte[] response(InputStream in) throws IOException {
    String status = line(in);
    int length = -1;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).trim());
      }
    }
    if (length < 0) {
      throw new IOException("no Content-Length in the answer: " + status);
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("connection closed in a body");
    }
    return status.startsWith("HTTP/1.1 200 ") ? body : null;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }
}
