package dev.verdict.testing.cosign;

import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds classic cosign signature manifests as cosign writes them: an OCI manifest with a small config and one
 * simple-signing layer per signature, the base64 signature in the {@code dev.cosignproject.cosign/signature}
 * annotation. Test-only.
 */
public final class ClassicSigner {
  private ClassicSigner() {}

  public static KeyPair ecKey(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair key(String algorithm, int size) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (size > 0) {
        g.initialize(size);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(KeyPair k) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(k.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** The simple-signing payload cosign signs for {@code digest} pushed as {@code dockerReference}. */
  public static byte[] payload(String dockerReference, Digest digest) {
    return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + dockerReference + "\"},\"image\":"
        + "{\"docker-manifest-digest\":\"" + digest + "\"},\"type\":\"cosign container image signature\"},"
        + "\"optional\":null}").getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] sign(KeyPair k, byte[] data) {
    String alg = switch (k.getPublic().getAlgorithm()) {
      case "EC" -> k.getPublic().getEncoded().length > 100 ? "SHA384withECDSA" : "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> "Ed25519";
    };
    try {
      Signature s = Signature.getInstance(alg);
      s.initSign(k.getPrivate());
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One signature layer: payload bytes and the annotations of its descriptor. */
  public record Layer(byte[] payload, Map<String, String> annotations) {
    public static Layer signed(KeyPair k, byte[] payload) {
      return new Layer(payload,
          Map.of("dev.cosignproject.cosign/signature", Base64.getEncoder().encodeToString(sign(k, payload))));
    }
  }

  /** The signature manifest holding {@code layers}, with its config and payload blobs. */
  public static MemoryImageSource.Artifact manifest(List<Layer> layers) {
    return manifest(layers, MediaTypes.COSIGN_SIMPLE_SIGNING);
  }

  public static MemoryImageSource.Artifact manifest(List<Layer> layers, String layerMediaType) {
    byte[] config = "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    List<byte[]> blobs = new ArrayList<>();
    blobs.add(config);
    StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":" + descriptor(MediaTypes.OCI_CONFIG, config, Map.of()) + ",\"layers\":[");
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      blobs.add(l.payload());
      sb.append(i == 0 ? "" : ",").append(descriptor(layerMediaType, l.payload(), l.annotations()));
    }
    sb.append("]}");
    return new MemoryImageSource.Artifact(MediaTypes.OCI_MANIFEST, sb.toString().getBytes(StandardCharsets.UTF_8),
        blobs);
  }

  static String descriptor(String mediaType, byte[] content, Map<String, String> annotations) {
    StringBuilder sb = new StringBuilder("{\"mediaType\":\"" + mediaType + "\",\"size\":" + content.length
        + ",\"digest\":\"" + Digest.sha256(content) + "\"");
    if (!annotations.isEmpty()) {
      sb.append(",\"annotations\":{");
      int i = 0;
      for (Map.Entry<String, String> e : new LinkedHashMap<>(annotations).entrySet()) {
        sb.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
      }
      sb.append('}');
    }
    return sb.append('}').toString();
  }

  /** A small random image manifest (config + one layer) of the given media type. */
  public static MemoryImageSource.Artifact randomImage(String seed) {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"seed\":\"" + seed
        + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
    byte[] layer = ("layer-" + seed).getBytes(StandardCharsets.UTF_8);
    String m = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
        + descriptor(MediaTypes.OCI_CONFIG, config, Map.of()) + ",\"layers\":["
        + descriptor(MediaTypes.OCI_LAYER, layer, Map.of()) + "]}";
    return new MemoryImageSource.Artifact(MediaTypes.OCI_MANIFEST, m.getBytes(StandardCharsets.UTF_8),
        List.of(config, layer));
  }
}
