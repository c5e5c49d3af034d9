package dev.verdict.testing;

import dev.verdict.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls a webhook the way the kube-apiserver does (WEBHOOK.md "How the apiserver calls"; k8s.io/apiserver
 * {@code pkg/admission/plugin/webhook}): HTTPS POST over one HTTP/1.1 keep-alive connection with
 * {@code Content-Type: application/json} to {@code https://<service>.<namespace>.svc:<port><path>?timeout=<N>s},
 * with SNI and certificate verification for {@code <service>.<namespace>.svc} against a CA bundle while the socket
 * goes to 127.0.0.1. The response is checked as {@code VerifyAdmissionResponse} does (an AdmissionReview
 * {@code admission.k8s.io/v1} with a response, the request's uid, a patch only from a mutating webhook and only with
 * {@code patchType}, and that {@code JSONPatch}); a transport error, a timeout, a non-200 status or a response that
 * fails those checks is a call error, to which {@code failurePolicy} applies.
 *
 * <p>One connection at a time (like one of the apiserver's pooled connections); not thread-safe: use one client
 * per thread.
 */
public final class ApiserverClient implements AutoCloseable {
  private static final int MAX_RESPONSE = 32 << 20;
  private final Config config;
  private final SSLContext tls;
  private final AtomicInteger connections = new AtomicInteger();
  private SSLSocket socket;
  private InputStream in;

  /** What the apiserver sends to and expects from a webhook. */
  public enum FailurePolicy { FAIL, IGNORE }

  /**
   * One webhook as its configuration names it.
   *
   * @param service the Service name; {@code <service>.<namespace>.svc} is the TLS name
   * @param port where 127.0.0.1 listens (the Service port in a cluster)
   * @param caBundlePem the configuration's {@code caBundle}, decoded
   * @param timeout {@code timeoutSeconds}: sent as {@code ?timeout=} and enforced on the call
   * @param mutating a MutatingWebhookConfiguration (may return a patch) rather than a validating one
   */
  public record Config(String service, String namespace, int port, String caBundlePem, FailurePolicy failurePolicy,
      Duration timeout, boolean mutating) {
    /** A validating webhook as deploy/ configures it: {@code failurePolicy: Fail}, {@code timeoutSeconds: 10}. */
    public static Config of(String service, String namespace, int port, String caBundlePem) {
      return new Config(service, namespace, port, caBundlePem, FailurePolicy.FAIL, Duration.ofSeconds(10), false);
    }

    public String serverName() {
      return service + "." + namespace + ".svc";
    }

    public Config withTimeout(Duration t) {
      return new Config(service, namespace, port, caBundlePem, failurePolicy, t, mutating);
    }

    public Config withMutating(boolean m) {
      return new Config(service, namespace, port, caBundlePem, failurePolicy, timeout, m);
    }

    public Config withFailurePolicy(FailurePolicy p) {
      return new Config(service, namespace, port, caBundlePem, p, timeout, mutating);
    }
  }

  /**
   * What the apiserver made of one call.
   *
   * @param allowed the admission outcome after {@code failurePolicy}
   * @param callError why the webhook's answer was not used (transport, timeout, status, invalid response), or null
   *     when the webhook answered validly
   * @param httpStatus the HTTP status, or 0 when none arrived
   * @param code {@code response.status.code} (0 when absent)
   * @param message {@code response.status.message}, or the call error
   * @param patch the decoded JSONPatch, or null
   * @param review the whole response body when it parsed
   * @param body the response body as text ("" when none arrived), for assertion messages and non-200 answers
   */
  public record Outcome(boolean allowed, String callError, int httpStatus, int code, String message,
      List<String> warnings, JsonNode patch, Map<String, String> auditAnnotations, JsonNode review,
      Duration took, String body) {
    /** True when the webhook answered and the answer was used (no failurePolicy involved). */
    public boolean answered() {
      return callError == null;
    }

    /** The AdmissionReview's {@code response} (missing when the answer was not used). */
    public JsonNode response() {
      return review == null ? tools.jackson.databind.node.MissingNode.getInstance() : review.path("response");
    }
  }

  public ApiserverClient(Config config) {
    this.config = config;
    this.tls = trusting(config.caBundlePem());
  }

  /** Connections opened so far (1 for any number of calls while the server keeps the connection alive). */
  public int connectionsOpened() {
    return connections.get();
  }

  /**
   * Sends an AdmissionReview (JSON text) and insists that the webhook answered in a way the apiserver accepts: a
   * call error (transport, timeout, non-200, a response the apiserver would reject) fails the test, naming why.
   */
  public Outcome review(String path, String review) {
    Outcome o = call(path, Json.mapper().readTree(review));
    if (!o.answered()) {
      throw new AssertionError(o.callError() + (o.body().isEmpty() ? "" : ": " + o.body()));
    }
    return o;
  }

  /** Sends an AdmissionReview (its {@code request.uid} is the uid the answer must echo) to {@code path}. */
  public Outcome call(String path, JsonNode review) {
    String uid = review.path("request").path("uid").asString("");
    return call(path, Json.mapper().writeValueAsBytes(review), uid);
  }

  /** Sends raw bytes (a malformed or oversized body) as the apiserver would send a review with {@code uid}. */
  public Outcome call(String path, byte[] body, String uid) {
    long start = System.nanoTime();
    long deadline = start + config.timeout().toNanos();
    Response r;
    try {
      r = exchange(path, body, deadline);
    } catch (IOException | RuntimeException e) {
      close();
      return failed("failed calling webhook: " + e.getClass().getSimpleName() + ": " + e.getMessage(), 0, start,
          "");
    }
    String text = new String(r.body(), StandardCharsets.UTF_8);
    if (r.status() != 200) {
      return failed("failed calling webhook: expected response status 200, got " + r.status(), r.status(), start,
          text);
    }
    JsonNode review;
    try {
      review = Json.mapper().readTree(r.body());
    } catch (RuntimeException e) {
      return failed("failed calling webhook: the server's response is not JSON: " + e.getMessage(), 200, start,
          text);
    }
    String invalid = verify(review, uid);
    if (invalid != null) {
      return failed("failed calling webhook: " + invalid, 200, start, text);
    }
    JsonNode resp = review.get("response");
    List<String> warnings = new ArrayList<>();
    resp.path("warnings").forEach(w -> warnings.add(w.asString()));
    Map<String, String> audit = new LinkedHashMap<>();
    resp.path("auditAnnotations").properties().forEach(e -> audit.put(e.getKey(), e.getValue().asString()));
    JsonNode patch = null;
    if (resp.hasNonNull("patch")) {
      try {
        patch = Json.mapper().readTree(Base64.getDecoder().decode(resp.get("patch").asString()));
      } catch (RuntimeException e) {
        return failed("failed calling webhook: response.patch is not base64 JSON: " + e.getMessage(), 200, start,
            text);
      }
      if (!patch.isArray()) {
        return failed("failed calling webhook: response.patch is not a JSONPatch array", 200, start, text);
      }
    }
    JsonNode status = resp.path("status");
    return new Outcome(resp.path("allowed").asBoolean(false), null, 200, status.path("code").asInt(0),
        status.path("message").asString(null), List.copyOf(warnings), patch, Map.copyOf(audit), review,
        since(start), text);
  }

  /** The checks of k8s.io/apiserver {@code VerifyAdmissionResponse}, plus the JSONPatch-only rule of the dispatcher. */
  private String verify(JsonNode review, String uid) {
    if (!review.isObject() || !"admission.k8s.io/v1".equals(review.path("apiVersion").asString(null))
        || !"AdmissionReview".equals(review.path("kind").asString(null))) {
      return "expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview";
    }
    JsonNode resp = review.get("response");
    if (resp == null || !resp.isObject()) {
      return "webhook response was absent";
    }
    String got = resp.path("uid").asString("");
    if (!got.equals(uid)) {
      return "expected response.uid=\"" + uid + "\", got \"" + got + "\"";
    }
    boolean hasPatch = resp.hasNonNull("patch") && !resp.get("patch").asString("").isEmpty();
    boolean hasType = resp.hasNonNull("patchType");
    if (!config.mutating()) {
      if (hasPatch) {
        return "validating webhook may not return response.patch";
      }
      if (hasType) {
        return "validating webhook may not return response.patchType";
      }
      return null;
    }
    if (hasPatch && !hasType) {
      return "webhook returned response.patch but not response.patchType";
    }
    if (!hasPatch && hasType) {
      return "webhook returned response.patchType but not response.patch";
    }
    if (hasType && !"JSONPatch".equals(resp.get("patchType").asString(""))) {
      return "unsupported patch type \"" + resp.get("patchType").asString("") + "\"";
    }
    return null;
  }

  private Outcome failed(String error, int httpStatus, long start, String body) {
    boolean allowed = config.failurePolicy() == FailurePolicy.IGNORE;
    return new Outcome(allowed, error, httpStatus, 0, error, List.of(), null, Map.of(), null, since(start), body);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private record Response(int status, Map<String, String> headers, byte[] body) {}

  private Response exchange(String path, byte[] body, long deadline) throws IOException {
    String target = path + (path.contains("?") ? "&" : "?") + "timeout=" + config.timeout().toSeconds() + "s";
    byte[] head = ("POST " + target + " HTTP/1.1\r\n"
        + "Host: " + config.serverName() + ":" + config.port() + "\r\n"
        + "User-Agent: kube-apiserver-admission\r\n"
        + "Content-Type: application/json\r\n"
        + "Accept: application/json, */*\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    boolean reused = socket != null;
    try {
      return send(head, body, deadline);
    } catch (EOFException | java.net.SocketException e) {
      if (!reused) {
        throw e;
      }
      // as Go's transport: a request on a reused connection the server had closed is sent again on a new one
      close();
      return send(head, body, deadline);
    }
  }

  private Response send(byte[] head, byte[] body, long deadline) throws IOException {
    if (socket == null) {
      connect(deadline);
    }
    setTimeout(deadline);
    OutputStream out = socket.getOutputStream();
    out.write(head);
    out.write(body);
    out.flush();
    setTimeout(deadline);
    String statusLine = line(deadline);
    if (statusLine == null) {
      throw new EOFException("connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("malformed status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h; (h = line(deadline)) != null && !h.isEmpty(); ) {
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    byte[] payload = body(headers, deadline);
    if ("close".equalsIgnoreCase(headers.get("connection")) || parts[0].equals("HTTP/1.0")) {
      close();
    }
    return new Response(status, headers, payload);
  }

  private byte[] body(Map<String, String> headers, long deadline) throws IOException {
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        setTimeout(deadline);
        String size = line(deadline);
        if (size == null) {
          throw new IOException("connection closed inside a chunked body");
        }
        int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
        if (n == 0) {
          while (true) {
            String trailer = line(deadline);
            if (trailer == null || trailer.isEmpty()) {
              return out.toByteArray();
            }
          }
        }
        if (out.size() + n > MAX_RESPONSE) {
          throw new IOException("response larger than " + MAX_RESPONSE + " bytes");
        }
        out.write(exactly(n, deadline));
        line(deadline);
      }
    }
    String length = headers.get("content-length");
    if (length != null) {
      long n = Long.parseLong(length);
      if (n > MAX_RESPONSE) {
        throw new IOException("response larger than " + MAX_RESPONSE + " bytes");
      }
      return exactly((int) n, deadline);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(); // until the server closes
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) {
      setTimeout(deadline);
      out.write(buf, 0, n);
    }
    close();
    return out.toByteArray();
  }

  private byte[] exactly(int n, long deadline) throws IOException {
    byte[] b = new byte[n];
    int off = 0;
    while (off < n) {
      setTimeout(deadline);
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new IOException("connection closed after " + off + " of " + n + " body bytes");
      }
      off += r;
    }
    return b;
  }

  private String line(long deadline) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
      }
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      if (b.size() > 65536) {
        throw new IOException("header line too long");
      }
      b.write(c);
    }
  }

  private void setTimeout(long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new java.net.SocketTimeoutException("the call's timeout of " + config.timeout() + " passed");
    }
    socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
  }

  private void connect(long deadline) throws IOException {
    Socket plain = new Socket();
    plain.setTcpNoDelay(true);
    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), (int) left);
    SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, config.serverName(), config.port(), true);
    SSLParameters p = s.getSSLParameters();
    p.setServerNames(List.of(new SNIHostName(config.serverName())));
    p.setEndpointIdentificationAlgorithm("HTTPS"); // the name checked is the one given above, not 127.0.0.1
    p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    s.setSSLParameters(p);
    socket = s;
    setTimeout(deadline);
    s.startHandshake();
    in = new java.io.BufferedInputStream(s.getInputStream());
    connections.incrementAndGet();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
      in = null;
    }
  }

  private static SSLContext trusting(String pem) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException("caBundle holds no certificate");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read caBundle: " + e.getMessage(), e);
    }
  }
}
