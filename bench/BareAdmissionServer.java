// The baseline of bench/admission.sh: a bare JDK HTTPS server (com.sun.net.httpserver) that reads each request body
// and answers every POST with one fixed AdmissionReview response, so the ratio shows what verdict's decision path
// costs beyond TLS, HTTP and JSON bytes. Run as a single-file program: java BareAdmissionServer.java PORT KEYSTORE.p12 PASSWORD
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

public class BareAdmissionServer {
  public static void main(String[] args) throws Exception {
    // the JDK server leaves Nagle's algorithm on: headers and body in two segments then wait ~40 ms for the
    // client's delayed ACK, a latency no real server has
    System.setProperty("sun.net.httpserver.nodelay", "true");
    char[] password = args[2].toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(args[1])) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    byte[] response = ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":"
        + "{\"uid\":\"705ab4f5-6393-11e8-b7cc-42010a800002\",\"allowed\":true}}").getBytes(StandardCharsets.UTF_8);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, response.length);
        exchange.getResponseBody().write(response);
      }
    });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    System.out.println("listening on 127.0.0.1:" + args[0]);
  }
}
