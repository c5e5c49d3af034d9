package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.UndecidableException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** oci's JSON call sites (manifests, indexes, docker config) read through the one strict reader. */
class StrictJsonTest {
  private static FetchedManifest fetched(String json, String mediaType) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return new FetchedManifest(Digest.sha256(b), mediaType, b);
  }

  @Test
  void parseManifest_duplicateKey_rejected() {
    String layer = "{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(new byte[0])
        + "\",\"size\":0}";
    String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + layer
        + ",\"layers\":[],\"layers\":[" + layer + "]}";
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> Manifests.parseManifest(fetched(json, MediaTypes.OCI_MANIFEST)));
    assertTrue(e.getMessage().contains("Duplicate Object property \"layers\""), e.getMessage());
  }

  @Test
  void parseIndex_duplicateKey_rejected() {
    String json = "{\"schemaVersion\":2,\"manifests\":[],\"manifests\":[]}";
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> Manifests.parseIndex(fetched(json, MediaTypes.OCI_INDEX)));
    assertTrue(e.getMessage().contains("Duplicate Object property \"manifests\""), e.getMessage());
  }

  @Test
  void parseIndex_nestedTooDeep_rejected() {
    String json = "{\"schemaVersion\":2,\"manifests\":[],\"x\":" + "[".repeat(600) + "]".repeat(600) + "}";
    UndecidableException e = assertThrows(UndecidableException.class,
        () -> Manifests.parseIndex(fetched(json, MediaTypes.OCI_INDEX)));
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }

  @Test
  void tree_isTheSharedStrictReader() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.tree("{\"auths\":{},\"auths\":{}}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("Duplicate Object property \"auths\""), e.getMessage());
  }
}
