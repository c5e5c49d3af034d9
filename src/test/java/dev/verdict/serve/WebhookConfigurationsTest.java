package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class WebhookConfigurationsTest {
  private static final WebhookConfigurations.Options DEFAULTS =
      WebhookConfigurations.Options.of("verdict", "verdict-system");

  @Test
  void validating_defaults_failClosedWithDesignSettings() {
    JsonNode c = WebhookConfigurations.validating(DEFAULTS);
    assertEquals("ValidatingWebhookConfiguration", c.get("kind").asString());
    assertEquals("admissionregistration.k8s.io/v1", c.get("apiVersion").asString());
    JsonNode w = only(c);
    assertEquals("validate.verdict.dev", w.get("name").asString());
    assertEquals("Fail", w.get("failurePolicy").asString());
    assertEquals("None", w.get("sideEffects").asString());
    assertEquals(10, w.get("timeoutSeconds").asInt());
    assertEquals(List.of("v1"), strings(w.get("admissionReviewVersions")));
    assertEquals("Equivalent", w.get("matchPolicy").asString());
    JsonNode service = w.get("clientConfig").get("service");
    assertEquals("verdict", service.get("name").asString());
    assertEquals("verdict-system", service.get("namespace").asString());
    assertEquals(443, service.get("port").asInt());
    assertEquals("/validate", service.get("path").asString());
    assertFalse(w.has("reinvocationPolicy"), "only mutating webhooks are reinvoked");
  }

  @Test
  void webhooks_namespaceSelector_excludesKubeSystemAndOwnNamespaceByName() {
    for (JsonNode c : both(DEFAULTS)) {
      JsonNode expressions = only(c).get("namespaceSelector").get("matchExpressions");
      assertEquals(1, expressions.size());
      JsonNode e = expressions.get(0);
      assertEquals("kubernetes.io/metadata.name", e.get("key").asString());
      assertEquals("NotIn", e.get("operator").asString());
      assertEquals(List.of("kube-system", "verdict-system"), strings(e.get("values")));
      assertFalse(only(c).has("objectSelector"), "an object selector would let a label skip verification");
    }
  }

  @Test
  void webhooks_rules_coverEveryWorkloadKindOnCreateAndUpdate() {
    Set<String> expected = Set.of("/pods", "/pods/ephemeralcontainers", "/podtemplates", "/replicationcontrollers",
        "apps/deployments", "apps/replicasets", "apps/statefulsets", "apps/daemonsets", "batch/jobs", "batch/cronjobs");
    for (JsonNode c : both(DEFAULTS)) {
      Set<String> covered = new TreeSet<>();
      for (JsonNode rule : only(c).get("rules")) {
        assertEquals(List.of("CREATE", "UPDATE"), strings(rule.get("operations")));
        assertEquals(List.of("*"), strings(rule.get("apiVersions")));
        for (String group : strings(rule.get("apiGroups"))) {
          for (String resource : strings(rule.get("resources"))) {
            covered.add(group + "/" + resource);
          }
        }
      }
      assertEquals(new TreeSet<>(expected), covered);
    }
  }

  @Test
  void mutating_defaults_reinvokedIfNeededAtMutatePath() {
    JsonNode w = only(WebhookConfigurations.mutating(DEFAULTS));
    assertEquals("mutate.verdict.dev", w.get("name").asString());
    assertEquals("IfNeeded", w.get("reinvocationPolicy").asString());
    assertEquals("/mutate", w.get("clientConfig").get("service").get("path").asString());
    assertEquals("Fail", w.get("failurePolicy").asString());
  }

  @Test
  void webhooks_withoutCaBundle_askCertManagerToInjectTheServingCertificatesCa() {
    for (JsonNode c : both(DEFAULTS)) {
      assertEquals("verdict-system/verdict-serving",
          c.get("metadata").get("annotations").get("cert-manager.io/inject-ca-from").asString());
      assertFalse(only(c).get("clientConfig").has("caBundle"));
    }
  }

  @Test
  void webhooks_withCaBundle_embedItBase64AndNoInjection() throws Exception {
    String pem = Files.readString(Path.of("testdata/cosign-legacy/pki-cert"));
    for (JsonNode c : both(DEFAULTS.withCaBundle(pem))) {
      assertFalse(c.get("metadata").has("annotations"));
      String bundle = only(c).get("clientConfig").get("caBundle").asString();
      assertEquals(pem, new String(Base64.getDecoder().decode(bundle), StandardCharsets.UTF_8));
    }
  }

  @Test
  void options_invalidParts_rejectedNamingThePart() {
    var e = assertThrows(IllegalArgumentException.class, () -> WebhookConfigurations.Options.of("Verdict", "ns"));
    assertTrue(e.getMessage().startsWith("service: 'Verdict' is not a DNS label"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WebhookConfigurations.Options.of("v", "a.b"));
    assertTrue(e.getMessage().startsWith("namespace: 'a.b'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new WebhookConfigurations.Options("v", "n", 0, "/validate", "/mutate", null, "c"));
    assertTrue(e.getMessage().startsWith("port: 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new WebhookConfigurations.Options("v", "n", 443, "validate", "/mutate", null, "c"));
    assertTrue(e.getMessage().startsWith("validate path: 'validate'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withCaBundle("not a certificate"));
    assertTrue(e.getMessage().startsWith("CA bundle: no PEM certificate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DEFAULTS.withCaBundle("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    assertTrue(e.getMessage().startsWith("CA bundle: "), e.getMessage());
  }

  @Test
  void yaml_parsed_equalsBothTrees() throws Exception {
    ObjectMapper yaml = YAMLMapper.builder().build();
    List<JsonNode> docs = new ArrayList<>();
    try (var it = yaml.readValues(yaml.createParser(WebhookConfigurations.yaml(DEFAULTS)), JsonNode.class)) {
      it.forEachRemaining(docs::add);
    }
    assertEquals(List.of(WebhookConfigurations.validating(DEFAULTS), WebhookConfigurations.mutating(DEFAULTS)), docs);
  }

  /** The match condition, evaluated by CEL as the apiserver does: only updates of objects already being deleted skip. */
  @Test
  void matchCondition_skipsOnlyUpdatesOfStoredObjectsBeingDeleted() throws Exception {
    JsonNode condition = only(WebhookConfigurations.validating(DEFAULTS)).get("matchConditions").get(0);
    assertEquals("skip-objects-being-deleted", condition.get("name").asString());
    var compiler = CelCompilerFactory.standardCelCompilerBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("request", SimpleType.DYN).addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN)
        .setResultType(SimpleType.BOOL).build();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    CelRuntime.Program program = runtime.createProgram(compiler.compile(condition.get("expression").asString()).getAst());
    Map<String, Object> deleting = Map.of("metadata", Map.of("name", "p", "deletionTimestamp", "2026-01-01T00:00:00Z"));
    Map<String, Object> live = Map.of("metadata", Map.of("name", "p"));

    assertEquals(true, program.eval(vars("CREATE", live, null)));
    assertEquals(true, program.eval(vars("CREATE", deleting, null)), "a client's own deletionTimestamp skips nothing");
    assertEquals(true, program.eval(vars("UPDATE", live, live)));
    assertEquals(true, program.eval(vars("UPDATE", deleting, live)), "only the stored object counts");
    assertEquals(false, program.eval(vars("UPDATE", deleting, deleting)));
  }

  private static Map<String, Object> vars(String operation, Object object, Object oldObject) {
    Map<String, Object> v = new HashMap<>();
    v.put("request", Map.of("operation", operation));
    v.put("object", object);
    v.put("oldObject", oldObject == null ? dev.cel.common.values.NullValue.NULL_VALUE : oldObject);
    return v;
  }

  private static List<ObjectNode> both(WebhookConfigurations.Options o) {
    return List.of(WebhookConfigurations.validating(o), WebhookConfigurations.mutating(o));
  }

  private static JsonNode only(JsonNode configuration) {
    assertEquals(1, configuration.get("webhooks").size());
    return configuration.get("webhooks").get(0);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
