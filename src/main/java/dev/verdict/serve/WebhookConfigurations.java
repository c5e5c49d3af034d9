package dev.verdict.serve;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The ValidatingWebhookConfiguration and MutatingWebhookConfiguration that {@code verdict serve} expects, as
 * WEBHOOK.md lists them: every workload kind on CREATE and UPDATE, {@code kube-system} and verdict's own namespace
 * excluded by {@code kubernetes.io/metadata.name}, {@code failurePolicy: Fail}, {@code sideEffects: None},
 * {@code timeoutSeconds: 10}, and a match condition that skips updates of objects already being deleted. Without a
 * CA bundle, cert-manager's CA injector fills it from the serving Certificate.
 *
 * @see <a href="https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/">Dynamic
 *     admission control</a>
 */
public final class WebhookConfigurations {
  /** The label Kubernetes sets on every namespace to its own name (1.21+); a user cannot forge another's. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
  static final String INJECT_CA_FROM = "cert-manager.io/inject-ca-from";
  static final int TIMEOUT_SECONDS = 10;
  /**
   * Skips only an UPDATE of an object whose stored version is already being deleted (finalizers must stay
   * removable). It reads {@code oldObject}, which the apiserver takes from storage, so a client cannot skip
   * verification by sending a {@code deletionTimestamp} of its own.
   */
  static final String NOT_BEING_DELETED =
      "request.operation != 'UPDATE' || oldObject == null || !has(oldObject.metadata.deletionTimestamp)";

  /** API group, then its resources that carry pod templates (and so images). */
  static final List<List<Object>> RULES = List.of(
      List.of("", List.of("pods", "pods/ephemeralcontainers", "podtemplates", "replicationcontrollers")),
      List.of("apps", List.of("deployments", "replicasets", "statefulsets", "daemonsets")),
      List.of("batch", List.of("jobs", "cronjobs")));

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /**
   * Where the apiserver finds the webhook: the Service {@code service} in {@code namespace} on {@code port}, at
   * {@code validatePath} and {@code mutatePath}. {@code caBundlePem} (PEM certificates) is the CA that signs the
   * serving certificate, or null to let cert-manager inject the CA of the Certificate named {@code certificate}.
   */
  public record Options(String service, String namespace, int port, String validatePath, String mutatePath,
      String caBundlePem, String certificate) {
    public Options {
      label("service", service);
      label("namespace", namespace);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " is not a TCP port (1-65535)");
      }
      path("validate path", validatePath);
      path("mutate path", mutatePath);
      if (caBundlePem == null) {
        label("certificate", certificate);
      } else {
        checkPem(caBundlePem);
      }
    }

    /** The defaults of {@code deploy/}: port 443, {@code /validate}, {@code /mutate}, Certificate {@code <service>-serving}. */
    public static Options of(String service, String namespace) {
      return new Options(service, namespace, 443, "/validate", "/mutate", null, service + "-serving");
    }

    /** The same with a fixed CA bundle instead of cert-manager's injection. */
    public Options withCaBundle(String pem) {
      return new Options(service, namespace, port, validatePath, mutatePath, pem, certificate);
    }
  }

  private WebhookConfigurations() {}

  /** The ValidatingWebhookConfiguration: the decision. */
  public static ObjectNode validating(Options o) {
    ObjectNode webhook = webhook(o, "validate.verdict.dev", o.validatePath());
    return configuration(o, "ValidatingWebhookConfiguration", webhook);
  }

  /**
   * The MutatingWebhookConfiguration: pins tags to digests. Reinvoked if a later mutating webhook (a sidecar
   * injector) adds or changes images, so those are pinned too; the validating webhook sees the final object anyway.
   */
  public static ObjectNode mutating(Options o) {
    ObjectNode webhook = webhook(o, "mutate.verdict.dev", o.mutatePath());
    webhook.put("reinvocationPolicy", "IfNeeded");
    return configuration(o, "MutatingWebhookConfiguration", webhook);
  }

  /** Both configurations as one YAML stream (validating first), as {@code serve --print-webhook-config} prints it. */
  public static String yaml(Options o) {
    YAMLMapper yaml = YAMLMapper.builder()
        .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
        .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
        .disable(YAMLWriteFeature.SPLIT_LINES)
        .build();
    return yaml.writeValueAsString(validating(o)) + yaml.writeValueAsString(mutating(o));
  }

  private static ObjectNode configuration(Options o, String kind, ObjectNode webhook) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("apiVersion", "admissionregistration.k8s.io/v1");
    c.put("kind", kind);
    ObjectNode metadata = c.putObject("metadata");
    metadata.put("name", o.service());
    ObjectNode labels = metadata.putObject("labels");
    labels.put("app.kubernetes.io/name", "verdict");
    labels.put("app.kubernetes.io/instance", o.service());
    if (o.caBundlePem() == null) {
      metadata.putObject("annotations").put(INJECT_CA_FROM, o.namespace() + "/" + o.certificate());
    }
    c.putArray("webhooks").add(webhook);
    return c;
  }

  private static ObjectNode webhook(Options o, String name, String path) {
    ObjectNode w = JsonNodeFactory.instance.objectNode();
    w.put("name", name);
    w.putArray("admissionReviewVersions").add("v1");
    ObjectNode client = w.putObject("clientConfig");
    ObjectNode service = client.putObject("service");
    service.put("name", o.service());
    service.put("namespace", o.namespace());
    service.put("port", o.port());
    service.put("path", path);
    if (o.caBundlePem() != null) {
      client.put("caBundle", Base64.getEncoder().encodeToString(o.caBundlePem().getBytes(StandardCharsets.UTF_8)));
    }
    ArrayNode rules = w.putArray("rules");
    for (List<Object> rule : RULES) {
      ObjectNode r = rules.addObject();
      r.putArray("apiGroups").add((String) rule.get(0));
      r.putArray("apiVersions").add("*");
      r.putArray("operations").add("CREATE").add("UPDATE");
      ArrayNode resources = r.putArray("resources");
      for (Object resource : (List<?>) rule.get(1)) {
        resources.add((String) resource);
      }
      r.put("scope", "Namespaced");
    }
    // an object in any API version is sent converted to one of the rules' versions, never skipped
    w.put("matchPolicy", "Equivalent");
    ObjectNode expression = w.putObject("namespaceSelector").putArray("matchExpressions").addObject();
    expression.put("key", NAMESPACE_NAME_LABEL);
    expression.put("operator", "NotIn");
    expression.putArray("values").add("kube-system").add(o.namespace());
    ObjectNode condition = w.putArray("matchConditions").addObject();
    condition.put("name", "skip-objects-being-deleted");
    condition.put("expression", NOT_BEING_DELETED);
    w.put("failurePolicy", "Fail");
    // verdict writes nothing outside itself (a log line, its own cache), so dry runs are safe to send
    w.put("sideEffects", "None");
    w.put("timeoutSeconds", TIMEOUT_SECONDS);
    return w;
  }

  private static void label(String what, String value) {
    if (value == null || !DNS_LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(what + ": '" + value
          + "' is not a DNS label (lower-case letters, digits and '-', at most 63, starting and ending alphanumeric)");
    }
  }

  private static void path(String what, String value) {
    if (value == null || !value.startsWith("/") || value.contains("?") || value.contains("#")) {
      throw new IllegalArgumentException(what + ": '" + value + "' must be a URL path starting with '/'");
    }
  }

  private static void checkPem(String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("CA bundle: no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
    }
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
        throw new IllegalArgumentException("CA bundle: no certificate could be read");
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("CA bundle: not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
