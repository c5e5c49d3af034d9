package dev.verdict.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JSON manifests are read with the shared reader's limits and keep their own located duplicate-key error. */
class StrictJsonTest {
  private static ConfigException read(String json) {
    return assertThrows(ConfigException.class,
        () -> JsonDocuments.read("pod.json", json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void read_duplicateKey_namesTheKeyAndItsPath() {
    ConfigException e = read("{\"spec\":{\"containers\":[{\"image\":\"a\",\n\"image\":\"b\"}]}}");
    assertTrue(e.getMessage().contains("duplicate key 'image'"), e.getMessage());
    assertTrue(e.getMessage().contains("spec.containers[0].image"), e.getMessage());
  }

  @Test
  void read_nestedDeeperThanTheSharedLimit_rejected() {
    ConfigException e = read("{\"x\":" + "[".repeat(dev.verdict.Json.MAX_DEPTH + 10)
        + "]".repeat(dev.verdict.Json.MAX_DEPTH + 10) + "}");
    assertTrue(e.getMessage().contains("nest"), e.getMessage());
  }

  @Test
  void read_overlongNumber_rejectedAsTheSharedReaderDoes() {
    ConfigException e = read("{\"x\":" + "9".repeat(1001) + "}");
    assertTrue(e.getMessage().startsWith("pod.json") && e.getMessage().contains("Number value length"),
        e.getMessage());
  }

  @Test
  void read_concatenatedDocuments_eachRead() throws Exception {
    assertEquals(2, JsonDocuments.read("pod.json", "{\"a\":1}{\"b\":2}".getBytes(StandardCharsets.UTF_8)).size());
  }
}
