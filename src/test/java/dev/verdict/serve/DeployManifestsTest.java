package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The plain manifests of deploy/: valid, consistent, and the webhooks exactly as {@link WebhookConfigurations}. */
class DeployManifestsTest {
  static final Path DEPLOY = Path.of("deploy");
  static final WebhookConfigurations.Options WEBHOOKS = WebhookConfigurations.Options.of("verdict", "verdict-system");

  /** Every object of deploy/ and deploy/monitoring/, without the kustomizations. */
  static List<ObjectNode> objects() throws Exception {
    List<ObjectNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (!f.getFileName().toString().equals("kustomization.yaml")) {
          out.addAll(K8sObjects.read(f));
        }
      }
    }
    return out;
  }

  @Test
  void webhooksYaml_parsed_equalsWebhookConfigurations() throws Exception {
    List<ObjectNode> docs = K8sObjects.read(DEPLOY.resolve("webhooks.yaml"));
    assertEquals(List.of(WebhookConfigurations.validating(WEBHOOKS), WebhookConfigurations.mutating(WEBHOOKS)), docs);
  }

  @Test
  void manifests_crossReferences_consistent() throws Exception {
    List<ObjectNode> objects = objects();
    K8sObjects.checkConsistent(objects, WEBHOOKS);
    ObjectNode namespace = K8sObjects.one(objects, "Namespace");
    assertEquals(WEBHOOKS.namespace(), namespace.get("metadata").get("name").asString());
    assertEquals("restricted",
        namespace.get("metadata").get("labels").get("pod-security.kubernetes.io/enforce").asString());
  }

  @Test
  void manifests_schemas_valid(@TempDir Path tmp) throws Exception {
    K8sObjects.validateSchemas(objects(), tmp);
  }

  /** kubectl's own kustomize renders exactly the files' objects: none forgotten in a kustomization.yaml. */
  @Test
  void kustomizations_rendered_holdEveryManifest() throws Exception {
    Assumptions.assumeTrue(K8sObjects.onPath("kubectl"),
        "kubectl is not installed (Debian: apt-get install kubernetes-client; bin/test does)");
    List<ObjectNode> rendered = new ArrayList<>();
    for (Path dir : List.of(DEPLOY, DEPLOY.resolve("monitoring"))) {
      K8sObjects.Run r = K8sObjects.run(List.of("kubectl", "kustomize", dir.toString()), 120);
      assertEquals(0, r.code(), r.out());
      rendered.addAll(K8sObjects.parse(r.out()));
    }
    List<ObjectNode> files = objects();
    assertEquals(K8sObjects.byKey(files), K8sObjects.byKey(rendered));
    assertTrue(files.size() >= 16, "objects: " + files.size());
  }
}
