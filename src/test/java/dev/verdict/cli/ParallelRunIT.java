package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verdict.Json;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.SignedImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** 200 distinct images in the real registry, verified with --parallel 1 and 8: the same verdicts, in order. */
class ParallelRunIT {
  @TempDir
  Path tmp;

  @Test
  void verify_200Images_parallel1And8_sameVerdicts() throws Exception {
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    try (RegistryServer registry = RegistryServer.start()) {
      List<String> refs = SignedImages.push(new OciPusher(registry.host()), registry.host(), key, 200, 10);
      Path images = Files.write(tmp.resolve("images.txt"), refs);
      Path pub = Files.writeString(tmp.resolve("k.pub"), ClassicSigner.pem(key));
      List<String> sequential = decisions(Cli.run("verify", "--images-file", images.toString(), "--key",
          pub.toString(), "--parallel", "1", "--format", "json"));
      List<String> parallel = decisions(Cli.run("verify", "--images-file", images.toString(), "--key",
          pub.toString(), "--parallel", "8", "--format", "json"));
      assertEquals(200, sequential.size());
      assertEquals(sequential, parallel);
      assertEquals(20, sequential.stream().filter(s -> s.endsWith(" deny")).count(), sequential.toString());
      assertEquals(180, sequential.stream().filter(s -> s.endsWith(" allow")).count());
    }
  }

  private static List<String> decisions(Cli.Result r) {
    assertEquals(1, r.code(), r.err());
    List<String> out = new ArrayList<>();
    for (JsonNode i : Json.mapper().readTree(r.out()).get("images")) {
      out.add(i.get("reference").stringValue() + " " + i.get("digest").stringValue() + " "
          + i.get("decision").stringValue());
    }
    return out;
  }
}
