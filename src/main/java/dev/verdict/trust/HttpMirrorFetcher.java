package dev.verdict.trust;

import dev.sigstore.tuf.FileExceedsMaxLengthException;
import dev.sigstore.tuf.Fetcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a TUF repository over HTTP(S) with the JDK client (sigstore-java's own fetcher needs its HTTP stack). */
final class HttpMirrorFetcher implements Fetcher {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final URI base;
  private final HttpClient client;

  HttpMirrorFetcher(URI base, HttpClient client) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.client = client;
  }

  static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  HttpMirrorFetcher under(String path) {
    return new HttpMirrorFetcher(base.resolve(path), client);
  }

  @Override
  public String getSource() {
    return base.toString();
  }

  /** The file's bytes, or null on 404 (TUF: no newer root, no such file); other statuses are errors. */
  @Override
  public byte[] fetchResource(String filename, int maxLength) throws IOException {
    URI uri = base.resolve(filename);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
    HttpResponse<InputStream> resp;
    try {
      resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching " + uri);
    }
    try (InputStream in = resp.body()) {
      if (resp.statusCode() == 404 || resp.statusCode() == 403) {
        return null; // object stores answer 403 for a missing key
      }
      if (resp.statusCode() != 200) {
        throw new IOException("HTTP " + resp.statusCode() + " from " + uri);
      }
      byte[] bytes = in.readNBytes(maxLength);
      if (bytes.length == maxLength && in.read() != -1) {
        throw new FileExceedsMaxLengthException(uri.toString(), maxLength);
      }
      return bytes;
    }
  }
}
