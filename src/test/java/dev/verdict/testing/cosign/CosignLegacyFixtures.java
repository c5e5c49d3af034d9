package dev.verdict.testing.cosign;

import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the containers/image cosign fixtures ({@code testdata/cosign-legacy/dir-img-*}: {@code manifest.json} and
 * {@code signature-N} = {@code \0sigstore-json\n} + JSON {mimeType, payload, annotations}) and rebuilds what cosign
 * had pushed: the image manifest and the {@code sha256-<hex>.sig} manifest with one layer per signature, each
 * layer carrying the original annotations. Files that hold a relative path are git symlinks and are followed; a
 * link whose target is not in the fixture set is used as the bytes it holds (as containers/image would fail to
 * read it, those images must not verify).
 */
public final class CosignLegacyFixtures {
  public static final Path DIR = Path.of("testdata/cosign-legacy");
  private static final byte[] MAGIC = "\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CosignLegacyFixtures() {}

  /** The image manifest bytes (null when the fixture has none) and the signature manifest. */
  public record Converted(byte[] manifest, Digest signedDigest, TestImages.Image signatures) {
    public Digest digest() {
      return manifest == null ? signedDigest : Digest.sha256(manifest);
    }
  }

  public static Converted convert(String fixture) {
    Path dir = DIR.resolve(fixture);
    Path manifestFile = dir.resolve("manifest.json");
    byte[] manifest = Files.exists(manifestFile) ? read(manifestFile) : null;
    List<ClassicSigner.Layer> layers = new ArrayList<>();
    List<String> mediaTypes = new ArrayList<>();
    Digest signed = null;
    for (int i = 1; Files.exists(dir.resolve("signature-" + i)); i++) {
      JsonNode sig = parseSignature(read(dir.resolve("signature-" + i)));
      byte[] payload = Base64.getDecoder().decode(sig.get("payload").stringValue());
      Map<String, String> annotations = new LinkedHashMap<>();
      sig.get("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().stringValue()));
      layers.add(new ClassicSigner.Layer(payload, annotations));
      mediaTypes.add(sig.get("mimeType").stringValue());
      if (signed == null) {
        signed = signedDigest(payload);
      }
    }
    Digest subject = manifest != null ? Digest.sha256(manifest) : signed;
    TestImages.Image sigs = layers.isEmpty() ? null : ClassicSigner.manifest(layers, mediaTypes);
    return new Converted(manifest, subject, sigs);
  }

  /** An OCI layout of the fixture in {@code dir}, the image tagged {@code latest} and named {@code name}. */
  public static Path layout(String fixture, Path dir, String name) {
    Converted c = convert(fixture);
    TestImages.Layout layout = TestImages.layout(dir);
    if (c.manifest() != null) {
      layout.blob(c.manifest());
      Map<String, String> ann = new LinkedHashMap<>();
      ann.put("org.opencontainers.image.ref.name", "latest");
      if (name != null) {
        ann.put("io.containerd.image.name", name);
      }
      layout.entry(TestImages.withAnnotations(dev.verdict.oci.Descriptor.of(MediaTypes.DOCKER_MANIFEST,
          Digest.sha256(c.manifest()), c.manifest().length), ann));
    }
    if (c.signatures() != null) {
      layout.add(c.signatures(), Map.of("org.opencontainers.image.ref.name", c.digest().tagPrefix() + ".sig"));
    }
    return layout.write();
  }

  /** The signature file of {@code unknown-cosign-key.signature} style fixtures, as a layer. */
  public static ClassicSigner.Layer signatureFile(String name) {
    JsonNode sig = parseSignature(read(DIR.resolve(name)));
    Map<String, String> annotations = new LinkedHashMap<>();
    sig.get("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().stringValue()));
    return new ClassicSigner.Layer(Base64.getDecoder().decode(sig.get("payload").stringValue()), annotations);
  }

  private static JsonNode parseSignature(byte[] bytes) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes.length <= i || bytes[i] != MAGIC[i]) {
        throw new IllegalArgumentException("not a containers/image sigstore signature file");
      }
    }
    return JSON.readTree(new String(bytes, MAGIC.length, bytes.length - MAGIC.length, StandardCharsets.UTF_8));
  }

  private static Digest signedDigest(byte[] payload) {
    try {
      String d = JSON.readTree(payload).path("critical").path("image").path("docker-manifest-digest").stringValue();
      return d == null ? null : Digest.parse(d);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Reads a fixture file, following git symlinks stored as plain files holding a relative path. */
  static byte[] read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (bytes.length < 256 && text.startsWith("../") && !text.contains("\n")) {
        Path target = file.getParent().resolve(text).normalize();
        if (Files.exists(target)) {
          return read(target);
        }
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
