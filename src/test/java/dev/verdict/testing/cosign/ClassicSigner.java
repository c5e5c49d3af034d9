package dev.verdict.testing.cosign;

import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds classic cosign signature manifests as cosign writes them: an OCI manifest with a small config and one
 * simple-signing layer per signature, the base64 signature in the {@code dev.cosignproject.cosign/signature}
 * annotation. Test-only.
 */
public final class ClassicSigner {
  private static final JsonMapper JSON = JsonMapper.builder().build();

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
  public static TestImages.Image manifest(List<Layer> layers) {
    return manifest(layers, MediaTypes.COSIGN_SIMPLE_SIGNING);
  }

  public static TestImages.Image manifest(List<Layer> layers, String layerMediaType) {
    return manifest(layers, java.util.Collections.nCopies(layers.size(), layerMediaType));
  }

  /** A signature manifest whose layers have the given media types, one per layer. */
  public static TestImages.Image manifest(List<Layer> layers, List<String> layerMediaTypes) {
    TestImages.Blob config = new TestImages.Blob(MediaTypes.OCI_CONFIG,
        "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8));
    List<TestImages.Blob> blobs = new ArrayList<>();
    blobs.add(config);
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
    m.set("config", TestImages.node(config.descriptor()));
    ArrayNode list = m.putArray("layers");
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      TestImages.Blob b = new TestImages.Blob(layerMediaTypes.get(i), l.payload());
      blobs.add(b);
      list.add(TestImages.node(TestImages.withAnnotations(b.descriptor(), l.annotations())));
    }
    return new TestImages.Image(MediaTypes.OCI_MANIFEST, JSON.writeValueAsBytes(m), blobs);
  }
}
