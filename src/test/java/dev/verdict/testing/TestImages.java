package dev.verdict.testing;

import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds small random images, multi-arch indexes, referrer artifacts and OCI layouts for tests. */
public final class TestImages {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TestImages() {}

  /** Content addressed by its digest. */
  public record Blob(String mediaType, byte[] bytes) {
    public Digest digest() {
      return Digest.sha256(bytes);
    }

    public Descriptor descriptor() {
      return Descriptor.of(mediaType, digest(), bytes.length);
    }
  }

  /** A manifest with the blobs it references (config first, then layers). */
  public record Image(String mediaType, byte[] bytes, List<Blob> blobs) {
    public Digest digest() {
      return Digest.sha256(bytes);
    }

    public Descriptor descriptor() {
      return Descriptor.of(mediaType, digest(), bytes.length);
    }

    public FetchedManifest fetched() {
      return new FetchedManifest(digest(), mediaType, bytes);
    }

    public Blob config() {
      return blobs.get(0);
    }

    public Blob layer() {
      return blobs.get(1);
    }
  }

  /** An index with its child images. */
  public record Index(String mediaType, byte[] bytes, List<Image> images) {
    public Digest digest() {
      return Digest.sha256(bytes);
    }

    public Descriptor descriptor() {
      return Descriptor.of(mediaType, digest(), bytes.length);
    }
  }

  /** A random image: config, one gzip layer, manifest; Docker v2 media types when {@code docker}. */
  public static Image randomImage(boolean docker) {
    return randomImage(docker, "amd64", null);
  }

  public static Image randomImage(boolean docker, String arch, String variant) {
    ObjectNode config = JSON.createObjectNode().put("architecture", arch).put("os", "linux");
    if (variant != null) {
      config.put("variant", variant);
    }
    config.putObject("config").putArray("Env").add("NONCE=" + ThreadLocalRandom.current().nextLong());
    Blob layer = new Blob(docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : MediaTypes.OCI_LAYER,
        gzip(randomBytes(256)));
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(Digest.sha256(randomBytes(8)).toString());
    Blob cfg = new Blob(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, bytes(config));
    String mt = docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", mt);
    m.set("config", node(cfg.descriptor()));
    m.putArray("layers").add(node(layer.descriptor()));
    return new Image(mt, bytes(m), List.of(cfg, layer));
  }

  /** An OCI 1.1 artifact manifest whose subject is {@code subject} (a referrer). */
  public static Image artifact(Descriptor subject, String artifactType, byte[] payload, Map<String, String> ann) {
    Blob empty = new Blob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
    Blob layer = new Blob("application/octet-stream", payload);
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST)
        .put("artifactType", artifactType);
    m.set("config", node(empty.descriptor()));
    m.putArray("layers").add(node(layer.descriptor()));
    m.set("subject", node(subject));
    if (ann != null && !ann.isEmpty()) {
      ObjectNode a = m.putObject("annotations");
      ann.forEach(a::put);
    }
    return new Image(MediaTypes.OCI_MANIFEST, bytes(m), List.of(empty, layer));
  }

  /** A linux/amd64 + linux/arm64/v8 index (OCI or Docker manifest list). */
  public static Index multiArch(boolean docker) {
    Image amd = randomImage(docker, "amd64", null);
    Image arm = randomImage(docker, "arm64", "v8");
    List<Descriptor> entries = List.of(
        withPlatform(amd.descriptor(), new Platform("linux", "amd64", null)),
        withPlatform(arm.descriptor(), new Platform("linux", "arm64", "v8")));
    String mt = docker ? MediaTypes.DOCKER_LIST : MediaTypes.OCI_INDEX;
    return new Index(mt, indexBytes(mt, entries), List.of(amd, arm));
  }

  /** The bytes of an index listing {@code entries} (e.g. the referrers fallback tag's index). */
  public static byte[] indexBytes(String mediaType, List<Descriptor> entries) {
    ObjectNode idx = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", mediaType);
    ArrayNode list = idx.putArray("manifests");
    entries.forEach(d -> list.add(node(d)));
    return bytes(idx);
  }

  public static Descriptor withPlatform(Descriptor d, Platform p) {
    return new Descriptor(d.mediaType(), d.digest(), d.size(), d.annotations(), d.artifactType(), p);
  }

  public static Descriptor withAnnotations(Descriptor d, Map<String, String> annotations) {
    return new Descriptor(d.mediaType(), d.digest(), d.size(), annotations, d.artifactType(), d.platform());
  }

  public static Descriptor withArtifactType(Descriptor d, String artifactType) {
    return new Descriptor(d.mediaType(), d.digest(), d.size(), d.annotations(), artifactType, d.platform());
  }

  /** JSON of a descriptor, as manifests and indexes carry it. */
  public static ObjectNode node(Descriptor d) {
    ObjectNode n = JSON.createObjectNode().put("mediaType", d.mediaType()).put("digest", d.digest().toString())
        .put("size", d.size());
    if (d.artifactType() != null) {
      n.put("artifactType", d.artifactType());
    }
    if (!d.annotations().isEmpty()) {
      ObjectNode a = n.putObject("annotations");
      d.annotations().forEach(a::put);
    }
    if (d.platform() != null) {
      ObjectNode p = n.putObject("platform").put("architecture", d.platform().architecture())
          .put("os", d.platform().os());
      if (d.platform().variant() != null) {
        p.put("variant", d.platform().variant());
      }
    }
    return n;
  }

  /** Starts an OCI image layout in {@code dir}: add content and index entries, then {@link Layout#write()}. */
  public static Layout layout(Path dir) {
    return new Layout(dir);
  }

  /** Writes {@code oci-layout}, {@code index.json} and {@code blobs/sha256/*}. */
  public static final class Layout {
    private final Path dir;
    private final List<Descriptor> entries = new ArrayList<>();

    private Layout(Path dir) {
      this.dir = dir;
    }

    /** Stores the image's manifest and blobs and lists it in index.json with {@code annotations}. */
    public Layout add(Image image, Map<String, String> annotations) {
      store(image);
      entries.add(withAnnotations(image.descriptor(), annotations));
      return this;
    }

    /** Stores an image without an index.json entry (reachable by digest or as a child). */
    public Layout store(Image image) {
      image.blobs().forEach(b -> blob(b.bytes()));
      blob(image.bytes());
      return this;
    }

    public Layout add(Index index, Map<String, String> annotations) {
      index.images().forEach(this::store);
      blob(index.bytes());
      entries.add(withAnnotations(index.descriptor(), annotations));
      return this;
    }

    /** Adds a raw index.json entry (its content must be stored separately). */
    public Layout entry(Descriptor d) {
      entries.add(d);
      return this;
    }

    public Digest blob(byte[] bytes) {
      Digest d = Digest.sha256(bytes);
      try {
        Path p = dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return d;
    }

    public Path write() {
      try {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.write(dir.resolve("index.json"), indexBytes(MediaTypes.OCI_INDEX, entries));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return dir;
    }
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  static byte[] gzip(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] bytes(ObjectNode n) {
    return JSON.writeValueAsBytes(n);
  }
}
