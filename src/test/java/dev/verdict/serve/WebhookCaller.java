package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import tools.jackson.databind.JsonNode;

/**
 * Calls the webhook as the kube-apiserver does: HTTPS to {@code https://<service>.<ns>.svc:<port><path>?timeout=Ns}
 * with that SNI name, the server certificate verified against the caBundle (hostname included), HTTP/1.1 keep-alive,
 * and the response checked the way the apiserver checks it (200, an AdmissionReview, the same uid, a patch only
 * with {@code patchType: JSONPatch}).
 */
final class WebhookCaller implements AutoCloseable {
  private final SSLContext context;
  private final String serverName;
  private final int port;
  private SSLSocket socket;
  private InputStream in;
  private OutputStream out;
  int connections;

  /** An answer: the HTTP status, the body, and (for a 200) the AdmissionReview's response. */
  record Answer(int status, String body, JsonNode response) {
    boolean allowed() {
      return response.get("allowed").asBoolean();
    }

    int code() {
      return response.path("status").path("code").asInt();
    }

    String message() {
      return response.path("status").path("message").asString();
    }

    List<String> warnings() {
      return response.path("warnings").valueStream().map(JsonNode::asString).toList();
    }

    /** The decoded JSONPatch, or null. */
    JsonNode patch() {
      JsonNode p = response.get("patch");
      return p == null ? null : Json.mapper().readTree(Base64.getDecoder().decode(p.asString()));
    }
  }

  WebhookCaller(TestPki pki, String serverName, int port) throws Exception {
    this.context = SSLContext.getInstance("TLS");
    context.init(null, pki.trust().getTrustManagers(), null);
    this.serverName = serverName;
    this.port = port;
  }

  /** POSTs {@code body} to {@code path} with {@code ?timeout=<timeoutSeconds>s}, reusing the connection. */
  Answer call(String path, int timeoutSeconds, byte[] body) throws IOException {
    if (socket == null || socket.isClosed()) {
      connect();
    }
    String head = "POST " + path + "?timeout=" + timeoutSeconds + "s HTTP/1.1\r\n"
        + "Host: " + serverName + ":" + port + "\r\n"
        + "Content-Type: application/json\r\nAccept: application/json, */*\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return read(body);
  }

  /** Like {@link #call} but checks the answer as the apiserver would before it accepts it. */
  Answer review(String path, int timeoutSeconds, String review) throws IOException {
    Answer a = call(path, timeoutSeconds, review.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, a.status(), a.body());
    JsonNode sent = Json.mapper().readTree(review);
    JsonNode got = Json.mapper().readTree(a.body());
    assertEquals("admission.k8s.io/v1", got.path("apiVersion").asString(), a.body());
    assertEquals("AdmissionReview", got.path("kind").asString(), a.body());
    assertEquals(sent.path("request").path("uid").asString(), got.path("response").path("uid").asString(),
        "uid mismatch: " + a.body());
    JsonNode r = got.path("response");
    if (r.has("patch")) {
      assertEquals("JSONPatch", r.path("patchType").asString(), "patch without patchType: " + a.body());
    }
    assertTrue(r.path("allowed").isBoolean(), a.body());
    return new Answer(a.status(), a.body(), r);
  }

  private void connect() throws IOException {
    Socket raw = new Socket();
    raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket = (SSLSocket) context.getSocketFactory().createSocket(raw, serverName, port, true);
    SSLParameters p = socket.getSSLParameters();
    p.setServerNames(List.of(new SNIHostName(serverName)));
    p.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(p);
    socket.setSoTimeout(60_000);
    socket.startHandshake();
    in = socket.getInputStream();
    out = socket.getOutputStream();
    connections++;
  }

  private Answer read(byte[] sent) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    int state = 0;
    while (state < 4 && (c = in.read()) != -1) {
      head.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
          : c == '\r' ? 1 : 0;
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
    if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 ")) {
      throw new IOException("no HTTP response: " + head);
    }
    int status = Integer.parseInt(lines[0].substring(9, 12));
    long length = -1;
    boolean close = false;
    for (String l : lines) {
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(l.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    byte[] body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
    if (close || length < 0) {
      socket.close();
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return new Answer(status, text, null);
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
  }
}
