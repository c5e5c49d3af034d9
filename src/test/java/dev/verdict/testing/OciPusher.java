package dev.verdict.testing;

import dev.verdict.oci.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test-only uploader: monolithic blob uploads (POST then PUT) and manifest PUTs, over plain HTTP. */
public final class OciPusher {
  private final String host;
  private final String authorization;
  private final HttpClient http = HttpClient.newHttpClient();

  public OciPusher(String host) {
    this(host, null, null);
  }

  public OciPusher(String host, String user, String password) {
    this.host = host;
    this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public Digest pushBlob(String repo, byte[] content) throws IOException {
    Digest d = Digest.sha256(content);
    HttpResponse<String> start = send(request(URI.create("http://" + host + "/v2/" + repo + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    expect(start, 202, "start upload");
    String location = start.headers().firstValue("Location").orElseThrow(() -> new IOException("no Location"));
    URI upload = URI.create("http://" + host).resolve(location);
    String sep = upload.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> put = send(request(URI.create(upload + sep + "digest=" + d))
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    expect(put, 201, "finish upload of " + d);
    return d;
  }

  /** PUTs a manifest or index under a tag or its digest; returns the digest of the bytes. */
  public Digest pushManifest(String repo, String tagOrDigest, String mediaType, byte[] bytes) throws IOException {
    HttpResponse<String> put = send(request(URI.create("http://" + host + "/v2/" + repo + "/manifests/" + tagOrDigest))
        .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    expect(put, 201, "put manifest " + tagOrDigest);
    return Digest.sha256(bytes);
  }

  /** Pushes an image's blobs, then its manifest under {@code tag} (or by digest when tag is null). */
  public Digest push(String repo, TestImages.Image image, String tag) throws IOException {
    for (TestImages.Blob b : image.blobs()) {
      pushBlob(repo, b.bytes());
    }
    return pushManifest(repo, tag != null ? tag : image.digest().toString(), image.mediaType(), image.bytes());
  }

  /** Pushes each child image, then the index under {@code tag}. */
  public Digest push(String repo, TestImages.Index index, String tag) throws IOException {
    for (TestImages.Image child : index.images()) {
      push(repo, child, null);
    }
    return pushManifest(repo, tag != null ? tag : index.digest().toString(), index.mediaType(), index.bytes());
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest r) throws IOException {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void expect(HttpResponse<String> r, int status, String what) throws IOException {
    if (r.statusCode() != status) {
      throw new IOException(what + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }
}
