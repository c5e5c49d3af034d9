package dev.verdict.serve;

import dev.verdict.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** AdmissionReview requests as the apiserver sends them, for every workload kind the tests need. */
final class Reviews {
  private Reviews() {}

  /** A pod spec with one container of {@code image}. */
  static String podSpec(String image) {
    return "{\"containers\":[{\"name\":\"app\",\"image\":\"" + image + "\"}]}";
  }

  /** The object of {@code kind} (group/kind as the apiserver names it) holding one container of {@code image}. */
  static String object(String group, String kind, String image) {
    String spec = podSpec(image);
    String template = "{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":" + spec + "}";
    String apiVersion = group.isEmpty() ? "v1" : group + "/v1";
    String body = switch (kind) {
      case "Pod" -> "\"spec\":" + spec;
      case "PodTemplate" -> "\"template\":" + template;
      case "CronJob" -> "\"spec\":{\"schedule\":\"* * * * *\",\"jobTemplate\":{\"spec\":{\"template\":" + template
          + "}}}";
      default -> "\"spec\":{\"template\":" + template + "}";
    };
    return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"x\","
        + "\"namespace\":\"shop\"}," + body + "}";
  }

  /** A CREATE of {@code object}. */
  static String create(String group, String kind, String object) {
    return review(group, kind, "CREATE", object, null, null, false);
  }

  static String review(String group, String kind, String operation, String object, String oldObject,
      String subResource, boolean dryRun) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("apiVersion", "admission.k8s.io/v1");
    r.put("kind", "AdmissionReview");
    ObjectNode req = r.putObject("request");
    req.put("uid", UUID.randomUUID().toString());
    ObjectNode k = req.putObject("kind");
    k.put("group", group);
    k.put("version", "v1");
    k.put("kind", kind);
    req.put("operation", operation);
    req.put("namespace", "shop");
    req.put("name", "x");
    if (subResource != null) {
      req.put("subResource", subResource);
    }
    req.putObject("userInfo").put("username", "alice");
    req.set("object", object == null ? null : Json.mapper().readTree(object));
    if (oldObject != null) {
      req.set("oldObject", Json.mapper().readTree(oldObject));
    }
    req.put("dryRun", dryRun);
    return r.toString();
  }

  /** A stored fixture with every {@code from} replaced by {@code to} (fixtures name registries that do not exist). */
  static String fixture(Path file, String from, String to) throws Exception {
    return Files.readString(file).replace(from, to);
  }

  /** Wraps a bare kubewarden {@code request} object in an AdmissionReview envelope. */
  static String envelope(String request) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("apiVersion", "admission.k8s.io/v1");
    r.put("kind", "AdmissionReview");
    JsonNode req = Json.mapper().readTree(request);
    r.set("request", req);
    return r.toString();
  }
}
