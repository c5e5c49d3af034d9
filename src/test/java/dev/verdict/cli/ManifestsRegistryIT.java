package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import dev.verdict.oci.Digest;
import dev.verdict.testing.Cli;
import dev.verdict.testing.OciPusher;
import dev.verdict.testing.RegistryServer;
import dev.verdict.testing.Schemas;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code verify --manifests} over a rendered multi-service manifest set, with SARIF and JUnit reports. */
class ManifestsRegistryIT {
  @TempDir
  Path tmp;

  @Test
  void verify_renderedManifests_oneVerdictPerDistinctImage_schemaValidReports() throws Exception {
    KeyPair key = ClassicSigner.ecKey("secp256r1");
    try (RegistryServer registry = RegistryServer.start()) {
      String host = registry.host();
      OciPusher push = new OciPusher(host);
      for (String repo : List.of("shop/web", "shop/api", "shop/jobs")) {
        Digest d = push.push(repo, TestImages.randomImage(false), "1.0");
        push.push(repo, ClassicSigner.manifest(List.of(ClassicSigner.Layer.signed(key,
            ClassicSigner.payload(host + "/" + repo, d)))), d.tagPrefix() + ".sig");
      }
      push.push("shop/debug", TestImages.randomImage(false), "1.0");
      Path deploy = Files.createDirectories(tmp.resolve("deploy"));
      Files.writeString(deploy.resolve("rendered.yaml"), String.join("\n",
          "---",
          "# Source: shop/templates/web.yaml",
          "apiVersion: apps/v1",
          "kind: Deployment",
          "metadata: {name: web}",
          "spec:",
          "  template:",
          "    spec:",
          "      initContainers:",
          "        - name: migrate",
          "          image: " + host + "/shop/api:1.0",
          "      containers:",
          "        - name: web",
          "          image: " + host + "/shop/web:1.0",
          "        - name: api",
          "          image: " + host + "/shop/api:1.0",
          "---",
          "# Source: shop/templates/cron.yaml",
          "apiVersion: batch/v1",
          "kind: CronJob",
          "metadata: {name: nightly}",
          "spec:",
          "  schedule: '0 3 * * *'",
          "  jobTemplate:",
          "    spec:",
          "      template:",
          "        spec:",
          "          containers:",
          "            - name: job",
          "              image: " + host + "/shop/jobs:1.0",
          "---",
          "apiVersion: v1",
          "kind: Service",
          "metadata: {name: web}",
          "spec: {ports: [{port: 80}]}",
          ""));
      Files.writeString(deploy.resolve("debug.yaml"), String.join("\n",
          "apiVersion: v1",
          "kind: Pod",
          "metadata: {name: debug}",
          "spec:",
          "  containers:",
          "    - {name: shell, image: " + host + "/shop/debug:1.0}",
          ""));
      Files.writeString(tmp.resolve("release.pub"), ClassicSigner.pem(key));
      Path policy = Files.writeString(tmp.resolve("shop.yaml"), String.join("\n",
          "apiVersion: verdict.dev/v1",
          "kind: ImagePolicy",
          "metadata: {name: shop}",
          "spec:",
          "  images: [\"" + host + "/shop/**\"]",
          "  authorities: [{name: release, key: {path: release.pub}}]",
          "  signatures: {require: 1, from: [release]}",
          ""));
      Path sarif = tmp.resolve("r.sarif");
      Path junit = tmp.resolve("r.xml");
      Path json = tmp.resolve("r.json");
      Cli.Result r = Cli.run("verify", "--manifests", deploy.toString(), "--policy", policy.toString(),
          "--format", "sarif=" + sarif, "--format", "junit=" + junit, "--format", "json=" + json, "--format", "text");
      assertEquals(1, r.code(), r.toString());

      JsonNode images = Json.mapper().readTree(Files.readString(json)).get("images");
      assertEquals(4, images.size(), "one verdict per distinct image");
      JsonNode api = null;
      for (JsonNode i : images) {
        String decision = i.get("decision").stringValue();
        assertEquals(i.get("reference").stringValue().contains("debug") ? "deny" : "allow", decision,
            i.toString());
        if (i.get("reference").stringValue().contains("shop/api")) {
          api = i;
        }
      }
      assertEquals(2, api.get("origins").size(), "api is used twice and reported for each place");
      assertEquals(java.util.Set.of(11, 16), java.util.Set.of(api.get("origins").get(0).get("line").intValue(),
          api.get("origins").get(1).get("line").intValue()));

      String sarifText = Files.readString(sarif);
      assertEquals(List.of(), Schemas.sarifErrors(sarifText));
      assertTrue(sarifText.contains("debug.yaml"), sarifText);
      Schemas.validateJunit(Files.readString(junit));
    }
  }

  @Test
  void verify_brokenManifest_exitsThreeNamingFileAndLine() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.yaml"), "apiVersion: v1\nkind: Pod\nspec: [unclosed\n");
    Cli.Result r = Cli.run("verify", "--manifests", bad.toString(), "--key", "testdata/keys/cosign-test.pub");
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("verdict: " + bad + ":"), r.err());
  }
}
