package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * charts/verdict rendered by Helm itself (helm-java runs Helm's Go library): its defaults are exactly deploy/, and
 * other release names, namespaces and a fixed CA bundle give consistent objects and the webhooks the code expects.
 */
class HelmChartTest {
  static final Path CHART = Path.of("charts/verdict");

  /** The chart as an operator installs it: with their public key ({@code --set-file 'policies.cosign\.pub=...'}). */
  static TemplateCommand template(String release, String namespace) {
    return bare(release, namespace).setFile("policies.cosign\\.pub", keyFile());
  }

  static TemplateCommand bare(String release, String namespace) {
    return new Helm(CHART).template().withName(release).withNamespace(namespace).withKubeVersion("1.30.0");
  }

  private static Path keyFile;

  private static synchronized Path keyFile() {
    try {
      if (keyFile == null) {
        keyFile = Files.createTempFile("verdict-chart-key", ".pub");
        keyFile.toFile().deleteOnExit();
        Files.writeString(keyFile, DeployManifestsTest.KEY);
      }
      return keyFile;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<ObjectNode> render(TemplateCommand command) throws Exception {
    return K8sObjects.withoutHelmLabels(K8sObjects.parse(command.call()));
  }

  @Test
  void template_defaults_equalDeployManifests() throws Exception {
    List<ObjectNode> chart = render(template("verdict", "verdict-system")
        .set("serviceMonitor.enabled", true).set("prometheusRule.enabled", true));
    List<ObjectNode> plain = new ArrayList<>(DeployManifestsTest.objects());
    plain.removeIf(o -> o.get("kind").asString().equals("Namespace")); // helm install --create-namespace
    Map<String, ObjectNode> expected = K8sObjects.byKey(plain);
    Map<String, ObjectNode> actual = K8sObjects.byKey(chart);
    assertEquals(expected.keySet(), actual.keySet());
    for (String key : expected.keySet()) {
      assertEquals(expected.get(key), actual.get(key), key);
    }
  }

  /**
   * Helm lints with the chart's own values, and a template that calls {@code fail} is then only an INFO line with
   * nothing rendered to check: the copy linted holds a key (as chart-testing's ci/ values would).
   */
  @Test
  void lint_strictWithAKey_noFindings(@TempDir Path tmp) throws Exception {
    Path chart = K8sObjects.copyTree(CHART, tmp.resolve("verdict"));
    Path values = chart.resolve("values.yaml");
    String text = Files.readString(values);
    String keyed = text.replace("  cosign.pub: \"\"\n", "  cosign.pub: |\n"
        + DeployManifestsTest.KEY.lines().map(l -> "    " + l + "\n").collect(java.util.stream.Collectors.joining()));
    assertNotEquals(text, keyed);
    Files.writeString(values, keyed);
    var result = new Helm(chart).lint().strict().call();
    assertTrue(!result.isFailed(), String.join("\n", result.getMessages()));
  }

  /** Without a key the chart renders nothing (helm install and template fail) and names the value to set. */
  @Test
  void template_defaultsWithoutAKey_refusedNamingTheValue() {
    var e = assertThrows(IllegalStateException.class, () -> bare("verdict", "verdict-system").call());
    assertTrue(e.getMessage().contains("policies.cosign.pub is empty: set it to the PEM public key your images are "
        + "signed with (helm install ... --set-file 'policies.cosign\\.pub=cosign.pub')"), e.getMessage());
  }

  /** The placeholder text an operator might leave, or any non-PEM key, is refused the same way. */
  @Test
  void template_keyNotPem_refusedNamingTheValue() {
    var e = assertThrows(IllegalStateException.class, () -> bare("verdict", "verdict-system")
        .set("policies.cosign\\.pub", "REPLACE with the PEM public key").call());
    assertTrue(e.getMessage().contains("policies.cosign.pub holds no PEM block"), e.getMessage());
  }

  /** With the operator's own ConfigMap, the chart's example policies are not used and need no key. */
  @Test
  void template_existingPoliciesConfigMap_rendersWithoutAKey() throws Exception {
    List<ObjectNode> chart = render(bare("verdict", "verdict-system").set("existingPoliciesConfigMap", "mine"));
    assertTrue(K8sObjects.ofKind(chart, "ConfigMap").isEmpty());
    assertEquals("mine", K8sObjects.one(chart, "Deployment").get("spec").get("template").get("spec")
        .get("volumes").get(0).get("configMap").get("name").asString());
  }

  @Test
  void template_defaults_leaveOutPrometheusOperatorObjects() throws Exception {
    List<ObjectNode> chart = render(template("verdict", "verdict-system"));
    assertTrue(K8sObjects.ofKind(chart, "ServiceMonitor").isEmpty());
    assertTrue(K8sObjects.ofKind(chart, "PrometheusRule").isEmpty());
    assertEquals(13, chart.size());
  }

  @Test
  void template_otherReleaseAndNamespace_consistentAndValid(@TempDir Path tmp) throws Exception {
    List<ObjectNode> chart = render(template("gate", "security")
        .set("serviceMonitor.enabled", true).set("prometheusRule.enabled", true).set("mode", "warn"));
    K8sObjects.checkConsistent(chart, WebhookConfigurations.Options.of("gate", "security"));
    assertTrue(K8sObjects.strings(K8sObjects.one(chart, "Deployment").get("spec").get("template").get("spec")
        .get("containers").get(0).get("args")).contains("--mode=warn"));
    K8sObjects.validateSchemas(chart, tmp);
  }

  @Test
  void template_withoutCertManager_embedsTheCaBundleAsTheCodeDoes(@TempDir Path tmp) throws Exception {
    Path ca = tmp.resolve("ca.pem");
    Files.copy(Path.of("testdata/cosign-legacy/pki-cert"), ca);
    List<ObjectNode> chart = render(template("verdict", "verdict-system").set("certManager.enabled", false)
        .set("tls.existingSecret", "my-serving-tls").setFile("tls.caBundle", ca));
    WebhookConfigurations.Options webhooks = WebhookConfigurations.Options.of("verdict", "verdict-system")
        .withCaBundle(Files.readString(ca));
    K8sObjects.checkConsistent(chart, webhooks);
    assertEquals("my-serving-tls", K8sObjects.one(chart, "Deployment").get("spec").get("template").get("spec")
        .get("volumes").get(1).get("secret").get("secretName").asString());
    K8sObjects.validateSchemas(chart, tmp);
  }

  @Test
  void template_withoutCertManagerOrCaBundle_refused() {
    var e = assertThrows(IllegalStateException.class, () -> template("verdict", "verdict-system")
        .set("certManager.enabled", false).set("tls.existingSecret", "s").call());
    assertTrue(e.getMessage().contains("tls.caBundle"), e.getMessage());
  }

  @Test
  void template_releaseNameWithDot_refused() { // Helm allows dots; a Service name does not
    var e = assertThrows(IllegalStateException.class, () -> template("gate.v1", "security").call());
    assertTrue(e.getMessage().contains("must be a DNS label"), e.getMessage());
  }
}
