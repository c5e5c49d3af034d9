package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.cosign.ClassicSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plain manifests of deploy/: valid, consistent, the webhooks exactly as {@link WebhookConfigurations}, and the
 * policy ConfigMap made from deploy/policies/ only once the operator's own key is there.
 */
class DeployManifestsTest {
  static final Path DEPLOY = Path.of("deploy");
  static final Path POLICIES = DEPLOY.resolve("policies");
  static final WebhookConfigurations.Options WEBHOOKS = WebhookConfigurations.Options.of("verdict", "verdict-system");
  /** The operator's public key, which deploy/ does not ship: the tests bring their own. */
  static final String KEY = pem();

  private static String pem() {
    try {
      return ClassicSigner.pem(ClassicSigner.ecKey("secp256r1"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every object of deploy/ and deploy/monitoring/, without the kustomizations, and the policy ConfigMap as the
   * kustomization's configMapGenerator makes it once {@code policies/cosign.pub} holds {@link #KEY}.
   */
  static List<ObjectNode> objects() throws Exception {
    List<ObjectNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(POLICIES)).sorted().toList()) {
        if (!f.getFileName().toString().equals("kustomization.yaml")) {
          out.addAll(K8sObjects.read(f));
        }
      }
    }
    out.add(generatedPolicies());
    return out;
  }

  /** What {@code configMapGenerator} makes of the files it lists (a file named {@code cosign.pub} holding KEY). */
  static ObjectNode generatedPolicies() throws Exception {
    JsonNode generator = K8sObjects.read(DEPLOY.resolve("kustomization.yaml")).get(0).get("configMapGenerator");
    assertEquals(1, generator.size(), "one generated ConfigMap: the policies");
    JsonNode g = generator.get(0);
    ObjectNode cm = JsonNodeFactory.instance.objectNode();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    ObjectNode meta = cm.putObject("metadata");
    meta.put("name", g.get("name").asString());
    meta.put("namespace", g.get("namespace").asString());
    meta.set("labels", g.get("options").get("labels"));
    ObjectNode data = cm.putObject("data");
    for (JsonNode f : g.get("files")) {
      Path file = DEPLOY.resolve(f.asString());
      data.put(file.getFileName().toString(), file.getFileName().toString().equals("cosign.pub") ? KEY
          : Files.readString(file));
    }
    return cm;
  }

  /** A copy of deploy/ with the operator's key in place, as {@code cp cosign.pub deploy/policies/} leaves it. */
  static Path withKey(Path tmp) throws Exception {
    Path copy = K8sObjects.copyTree(DEPLOY, tmp.resolve("deploy"));
    Files.writeString(copy.resolve("policies/cosign.pub"), KEY);
    return copy;
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

  /**
   * {@code serve} is a long-lived server: the Deployment runs the image's own java, classpath and main class, but
   * not the entrypoint's C1-only start-up flags (-XX:TieredStopAtLevel=1, for short CLI runs), nor an environment
   * variable that would bring them back.
   */
  @Test
  void deployment_command_imagesJavaWithTheJitsFullTiers() throws Exception {
    JsonNode container = K8sObjects.one(objects(), "Deployment").get("spec").get("template").get("spec")
        .get("containers").get(0);
    List<String> command = K8sObjects.strings(container.get("command"));
    List<String> entrypoint = dev.verdict.dist.ContainerImage.ENTRYPOINT;
    assertEquals(entrypoint.get(0), command.get(0), "the image's java");
    assertEquals(entrypoint.subList(entrypoint.size() - 3, entrypoint.size()),
        command.subList(command.size() - 3, command.size()), "the image's classpath and main class");
    assertTrue(command.stream().noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel")
        || a.equals("-XX:-TieredCompilation") || a.startsWith("-XX:CompilationMode") || a.equals("-XX:+UseSerialGC")),
        command.toString());
    assertTrue(command.contains("-XX:+UseG1GC"), command.toString());
    assertEquals(List.of("serve"), K8sObjects.strings(container.get("args")).subList(0, 1));
    for (JsonNode env : container.path("env")) {
      assertFalse(Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "VERDICT_JAVA_OPTS")
          .contains(env.get("name").asString()), env.toString());
    }
  }

  /** The example policy loads (with a real key beside it): only the key is the operator's to add. */
  @Test
  void examplePolicy_withAKeyBesideIt_loads(@TempDir Path tmp) throws Exception {
    Path copy = withKey(tmp);
    try (DeciderLoader.Loaded loaded = new DeciderLoader(List.of(copy.resolve("policies")), null,
        dev.verdict.oci.RegistryOptions.defaults()).load()) {
      assertEquals(List.of("release-key"), loaded.policies().policies().stream().map(p -> p.name()).toList());
      // a server caches whole decisions: the CLI's 64 MiB content cache beside them ran the pod out of heap
      assertTrue(loaded.verifier().contentCacheBytes() <= 8L << 20, "content cache of "
          + loaded.verifier().contentCacheBytes() + " bytes");
    }
  }

  /** The key is the operator's: deploy/ ships none, so no placeholder can ever reach a cluster. */
  @Test
  void policies_shippedWithoutAKey() {
    assertFalse(Files.exists(POLICIES.resolve("cosign.pub")), "deploy/policies/cosign.pub must not be shipped");
  }

  /** kubectl's own kustomize renders exactly the files' objects: none forgotten in a kustomization.yaml. */
  @Test
  void kustomizations_rendered_holdEveryManifest(@TempDir Path tmp) throws Exception {
    assumeKubectl();
    Path deploy = withKey(tmp);
    List<ObjectNode> rendered = new ArrayList<>();
    for (Path dir : List.of(deploy, deploy.resolve("monitoring"))) {
      K8sObjects.Run r = K8sObjects.run(List.of("kubectl", "kustomize", dir.toString()), 120);
      assertEquals(0, r.code(), r.out());
      rendered.addAll(K8sObjects.parse(r.out()));
    }
    List<ObjectNode> files = objects();
    assertEquals(K8sObjects.byKey(files), K8sObjects.byKey(rendered));
    assertTrue(files.size() >= 16, "objects: " + files.size());
  }

  /**
   * Without the operator's key, {@code kubectl apply -k deploy/} applies nothing (not the webhooks, which with
   * failurePolicy Fail and no ready verdict would block every namespace they review) and says which file is missing.
   */
  @Test
  void kustomize_withoutTheKey_refusedNamingTheMissingFile() throws Exception {
    assumeKubectl();
    K8sObjects.Run r = K8sObjects.run(List.of("kubectl", "kustomize", DEPLOY.toString()), 120);
    assertNotEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("deploy/policies/cosign.pub") && r.out().contains("no such file or directory"),
        r.out());
    assertFalse(r.out().contains("kind: ValidatingWebhookConfiguration"), r.out());
  }

  private static void assumeKubectl() {
    Assumptions.assumeTrue(K8sObjects.onPath("kubectl"),
        "kubectl is not installed (Debian: apt-get install kubernetes-client; bin/test does)");
  }
}
