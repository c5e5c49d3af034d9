package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verdict.dist.ContainerImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Kubernetes objects of deploy/ and of the Helm chart's output, and the checks both must pass: schema validation
 * (src/test/k8s/validate.mjs) and the cross-references a typo would break (selectors, ports, Secrets, the
 * Certificate behind the webhooks' CA, the JVM flags of the image's entrypoint).
 */
final class K8sObjects {
  static final Path VALIDATOR = Path.of("src/test/k8s");
  /** Labels the chart adds for Helm's bookkeeping; everything else must equal deploy/. */
  static final Set<String> HELM_LABELS = Set.of("helm.sh/chart", "app.kubernetes.io/managed-by",
      "app.kubernetes.io/version");
  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  private K8sObjects() {}

  static List<ObjectNode> parse(String yaml) throws IOException {
    List<ObjectNode> out = new ArrayList<>();
    try (var it = YAML.readValues(YAML.createParser(yaml), JsonNode.class)) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          assertTrue(n.isObject(), "not a Kubernetes object: " + n);
          out.add((ObjectNode) n);
        }
      }
    }
    return out;
  }

  /** Copies the tree {@code from} (deploy/, a chart) to {@code to}, for a test that must change a file of it. */
  static Path copyTree(Path from, Path to) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to;
  }

  static List<ObjectNode> read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /** The objects without the chart's Helm-only metadata labels. */
  static List<ObjectNode> withoutHelmLabels(List<ObjectNode> objects) {
    for (ObjectNode o : objects) {
      JsonNode labels = o.path("metadata").path("labels");
      if (labels.isObject()) {
        HELM_LABELS.forEach(((ObjectNode) labels)::remove);
      }
    }
    return objects;
  }

  static String key(JsonNode o) {
    return o.get("kind").asString() + "/" + o.get("metadata").get("name").asString();
  }

  static Map<String, ObjectNode> byKey(List<ObjectNode> objects) {
    Map<String, ObjectNode> out = new java.util.TreeMap<>();
    for (ObjectNode o : objects) {
      assertTrue(out.put(key(o), o) == null, "two objects " + key(o));
    }
    return out;
  }

  static ObjectNode one(List<ObjectNode> objects, String kind) {
    List<ObjectNode> of = ofKind(objects, kind);
    assertEquals(1, of.size(), "one " + kind);
    return of.get(0);
  }

  static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> o.get("kind").asString().equals(kind)).collect(Collectors.toList());
  }

  /**
   * Validates the objects against the Kubernetes, cert-manager and Prometheus Operator schemas with Node.js;
   * skipped (with the reason) only where node or the npm packages cannot be installed.
   */
  static void validateSchemas(List<ObjectNode> objects, Path tmp) throws Exception {
    Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed: schema validation "
        + "needs Node.js (apt-get install nodejs npm)");
    if (!Files.isDirectory(VALIDATOR.resolve("node_modules/kubernetes-models"))) {
      Run install = run(List.of("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
          VALIDATOR.toString()), 300);
      Assumptions.assumeTrue(install.code == 0, "the schema packages could not be installed from npm: " + install.out);
    }
    Path json = tmp.resolve("objects.json");
    Files.writeString(json, new ObjectMapper().writeValueAsString(objects));
    Run r = run(List.of("node", VALIDATOR.resolve("validate.mjs").toString(), json.toString()), 120);
    assertEquals(0, r.code, r.out);
    assertEquals(objects.size(), r.out.lines().filter(l -> l.startsWith("ok ")).count(), r.out);
  }

  /**
   * The cross-references of one installation: verdict's Service {@code service} in {@code namespace}, with the
   * webhook configurations exactly as {@link WebhookConfigurations} makes them for {@code webhooks}.
   */
  static void checkConsistent(List<ObjectNode> objects, WebhookConfigurations.Options webhooks) {
    String ns = webhooks.namespace();
    String service = webhooks.service();
    for (ObjectNode o : objects) {
      String kind = o.get("kind").asString();
      boolean clusterScoped = Set.of("Namespace", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")
          .contains(kind);
      assertEquals(clusterScoped ? "" : ns, o.get("metadata").path("namespace").asString(""), key(o));
      assertEquals("verdict", o.get("metadata").get("labels").get("app.kubernetes.io/name").asString(), key(o));
    }
    ObjectNode deployment = one(objects, "Deployment");
    JsonNode pod = deployment.get("spec").get("template");
    JsonNode podLabels = pod.get("metadata").get("labels");
    JsonNode podSpec = pod.get("spec");
    assertSelects(deployment.get("spec").get("selector").get("matchLabels"), podLabels, "Deployment selector");
    for (JsonNode c : podSpec.get("topologySpreadConstraints")) {
      assertSelects(c.get("labelSelector").get("matchLabels"), podLabels, "topologySpreadConstraint");
    }

    // the container: the image's java and main class with server flags, the contract's flags, probes, hardening
    assertEquals(1, podSpec.get("containers").size());
    JsonNode container = podSpec.get("containers").get(0);
    List<String> command = strings(container.get("command"));
    List<String> entrypoint = ContainerImage.ENTRYPOINT;
    assertEquals(entrypoint.get(0), command.get(0), "the image's java");
    assertEquals(entrypoint.subList(entrypoint.size() - 3, entrypoint.size()),
        command.subList(command.size() - 3, command.size()), "the image's classpath and main class");
    for (String flag : command) {
      assertFalse(flag.startsWith("-XX:TieredStopAtLevel") || flag.equals("-XX:+UseSerialGC")
          || flag.equals("-XX:TieredCompilation") || flag.equals("-XX:-TieredCompilation"),
          "a server runs with the JIT's full tiers, not the CLI's start-up flags: " + command);
    }
    List<String> args = strings(container.get("args"));
    assertEquals("serve", args.get(0));
    Map<String, String> mounts = new java.util.HashMap<>();
    container.get("volumeMounts").forEach(m -> mounts.put(m.get("name").asString(), m.get("mountPath").asString()));
    assertTrue(args.contains("--policy=" + mounts.get("policies")), args.toString());
    assertTrue(args.contains("--tls-cert=" + mounts.get("tls") + "/tls.crt"), args.toString());
    assertTrue(args.contains("--tls-key=" + mounts.get("tls") + "/tls.key"), args.toString());
    Map<String, Integer> ports = new java.util.HashMap<>();
    container.get("ports").forEach(p -> ports.put(p.get("name").asString(), p.get("containerPort").asInt()));
    assertTrue(args.contains("--listen=:" + ports.get("https")), args.toString());
    assertTrue(args.contains("--metrics-listen=:" + ports.get("metrics")), args.toString());
    assertTrue(args.stream().anyMatch(a -> a.matches("--mode=(enforce|warn)")), args.toString());
    assertEquals("/livez", container.get("livenessProbe").get("httpGet").get("path").asString());
    assertEquals("/readyz", container.get("readinessProbe").get("httpGet").get("path").asString());
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      assertEquals("metrics", container.get(probe).get("httpGet").get("port").asString(), probe);
    }
    JsonNode sc = container.get("securityContext");
    assertTrue(sc.get("runAsNonRoot").asBoolean() && podSpec.get("securityContext").get("runAsNonRoot").asBoolean());
    assertTrue(sc.get("readOnlyRootFilesystem").asBoolean());
    assertFalse(sc.get("allowPrivilegeEscalation").asBoolean());
    assertEquals(List.of("ALL"), strings(sc.get("capabilities").get("drop")));
    assertEquals("RuntimeDefault", sc.get("seccompProfile").get("type").asString());
    assertEquals("RuntimeDefault", podSpec.get("securityContext").get("seccompProfile").get("type").asString());
    assertNotNull(container.get("resources").get("requests").get("cpu"), "the HPA needs a CPU request");
    assertEquals(3, deployment.get("spec").get("replicas").asInt());

    // service account: present, no token
    ObjectNode account = one(objects, "ServiceAccount");
    assertEquals(account.get("metadata").get("name").asString(), podSpec.get("serviceAccountName").asString());
    assertFalse(account.get("automountServiceAccountToken").asBoolean());
    assertFalse(podSpec.get("automountServiceAccountToken").asBoolean());

    // the Service: selects the pods, its ports name container ports
    ObjectNode svc = one(objects, "Service");
    assertEquals(service, svc.get("metadata").get("name").asString());
    assertSelects(svc.get("spec").get("selector"), podLabels, "Service selector");
    int webhookPort = -1;
    for (JsonNode p : svc.get("spec").get("ports")) {
      assertTrue(ports.containsKey(p.get("targetPort").asString()), "Service targetPort " + p);
      if (p.get("targetPort").asString().equals("https")) {
        webhookPort = p.get("port").asInt();
      }
    }
    assertEquals(webhookPort, webhooks.port(), "the webhooks call the Service's https port");

    // volumes: the policies ConfigMap and the serving certificate's Secret
    Map<String, JsonNode> volumes = new java.util.HashMap<>();
    podSpec.get("volumes").forEach(v -> volumes.put(v.get("name").asString(), v));
    String policies = volumes.get("policies").get("configMap").get("name").asString();
    assertTrue(ofKind(objects, "ConfigMap").stream().anyMatch(c -> c.get("metadata").get("name").asString()
        .equals(policies)), "ConfigMap " + policies);
    String tlsSecret = volumes.get("tls").get("secret").get("secretName").asString();
    if (webhooks.caBundlePem() == null) {
      Map<String, ObjectNode> certificates = new java.util.HashMap<>();
      ofKind(objects, "Certificate").forEach(c -> certificates.put(c.get("metadata").get("name").asString(), c));
      ObjectNode serving = certificates.get(webhooks.certificate());
      assertNotNull(serving, "the Certificate the webhooks' CA is injected from: " + webhooks.certificate());
      assertEquals(tlsSecret, serving.get("spec").get("secretName").asString(), "the pods mount the serving Secret");
      assertTrue(strings(serving.get("spec").get("dnsNames")).contains(service + "." + ns + ".svc"),
          "the name the apiserver calls (SNI)");
      assertEquals("PKCS8", serving.get("spec").get("privateKey").get("encoding").asString(), "PKCS#8 keys");
      Set<String> issuers = new HashSet<>();
      ofKind(objects, "Issuer").forEach(i -> issuers.add(i.get("metadata").get("name").asString()));
      for (ObjectNode c : certificates.values()) {
        assertTrue(issuers.contains(c.get("spec").get("issuerRef").get("name").asString()), key(c));
      }
      for (ObjectNode i : ofKind(objects, "Issuer")) {
        JsonNode ca = i.get("spec").get("ca");
        if (ca != null) {
          assertTrue(certificates.values().stream().anyMatch(c -> c.get("spec").path("isCA").asBoolean()
              && c.get("spec").get("secretName").asString().equals(ca.get("secretName").asString())), key(i));
        }
      }
    } else {
      assertTrue(ofKind(objects, "Certificate").isEmpty());
    }

    // disruption budget, autoscaler, network policy, monitoring
    assertSelects(one(objects, "PodDisruptionBudget").get("spec").get("selector").get("matchLabels"), podLabels,
        "PDB");
    JsonNode hpa = one(objects, "HorizontalPodAutoscaler").get("spec");
    assertEquals(deployment.get("metadata").get("name").asString(), hpa.get("scaleTargetRef").get("name").asString());
    assertEquals("cpu", hpa.get("metrics").get(0).get("resource").get("name").asString());
    JsonNode netpol = one(objects, "NetworkPolicy").get("spec");
    assertSelects(netpol.get("podSelector").get("matchLabels"), podLabels, "NetworkPolicy");
    Set<Integer> allowedIn = new HashSet<>();
    netpol.get("ingress").forEach(r -> r.get("ports").forEach(p -> allowedIn.add(p.get("port").asInt())));
    assertEquals(new HashSet<>(ports.values()), allowedIn, "ingress to exactly the container's ports");
    assertFalse(netpol.get("ingress").get(0).has("from"), "the apiserver is no pod: the webhook port is open");
    for (ObjectNode monitor : ofKind(objects, "ServiceMonitor")) {
      assertSelects(monitor.get("spec").get("selector").get("matchLabels"), svc.get("metadata").get("labels"),
          "ServiceMonitor");
      assertEquals("metrics", monitor.get("spec").get("endpoints").get(0).get("port").asString());
    }
    for (ObjectNode rule : ofKind(objects, "PrometheusRule")) {
      Set<String> alerts = new HashSet<>();
      for (JsonNode r : rule.get("spec").get("groups").get(0).get("rules")) {
        alerts.add(r.get("alert").asString());
        String expr = r.get("expr").asString();
        assertTrue(expr.contains("job=\"" + service + "\"") || expr.contains("deployment=\"" + service + "\""), expr);
      }
      assertEquals(Set.of("VerdictNoReadyReplicas", "VerdictDenyRateSpike", "VerdictUndecided",
          "VerdictDeadlineExceeded", "VerdictInternalErrors", "VerdictPolicyReloadFailing",
          "VerdictCertificateExpiringSoon"), alerts);
    }

    // the webhook configurations: exactly what the code expects
    assertEquals(WebhookConfigurations.validating(webhooks), one(objects, "ValidatingWebhookConfiguration"));
    assertEquals(WebhookConfigurations.mutating(webhooks), one(objects, "MutatingWebhookConfiguration"));
  }

  private static void assertSelects(JsonNode selector, JsonNode labels, String what) {
    assertTrue(selector != null && selector.size() > 0, what + " selects nothing");
    selector.properties().forEach(e -> assertEquals(e.getValue(), labels.get(e.getKey()), what + " " + e.getKey()));
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  record Run(int code, String out) {}

  static Run run(List<String> command, int seconds) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + command);
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
