package dev.verdict.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds the container images of one Kubernetes object: the pod spec of a Pod, the pod template of the workload kinds,
 * and pod templates of unknown kinds (custom resources) at the two conventional places.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates">Pod templates</a>
 */
final class PodSpecWalker {
  /** An image found at a JSON pointer relative to the walked object. */
  record Found(String pointer, String image) {}

  /** A workload whose pod spec has the wrong shape; the pointer names the offending node. */
  static final class MalformedException extends Exception {
    final String pointer;

    MalformedException(String pointer, String problem) {
      super(problem);
      this.pointer = pointer;
    }
  }

  private static final Set<String> TEMPLATE_KINDS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet",
      "Job", "ReplicationController");
  private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");
  private static final String TEMPLATE_SPEC = "/spec/template/spec";
  private static final String CRONJOB_SPEC = "/spec/jobTemplate/spec/template/spec";

  private PodSpecWalker() {}

  /**
   * Images of {@code object}, whose kind is {@code kind} (or its own {@code kind} field when null). Known kinds must
   * be well formed; unknown kinds are read only where their template has the shape of a pod spec.
   */
  static List<Found> walk(JsonNode object, String kind) throws MalformedException {
    List<Found> found = new ArrayList<>();
    walk(object, kind, "", found);
    return found;
  }

  private static void walk(JsonNode object, String kind, String at, List<Found> found) throws MalformedException {
    if (!object.isObject()) {
      throw new MalformedException(at, "must be a Kubernetes object (a mapping)");
    }
    String k = kind != null ? kind : object.path("kind").isString() ? object.path("kind").stringValue() : "";
    if (isList(k, object)) {
      JsonNode items = object.get("items");
      for (int i = 0; i < items.size(); i++) {
        walk(items.get(i), null, at + "/items/" + i, found);
      }
    } else if (k.equals("Pod")) {
      podSpec(object, "/spec", at, true, found);
    } else if (k.equals("PodTemplate")) {
      podSpec(object, "/template/spec", at, true, found);
    } else if (TEMPLATE_KINDS.contains(k)) {
      podSpec(object, TEMPLATE_SPEC, at, true, found);
    } else if (k.equals("CronJob")) {
      podSpec(object, CRONJOB_SPEC, at, true, found);
    } else {
      podSpec(object, TEMPLATE_SPEC, at, false, found);
      podSpec(object, CRONJOB_SPEC, at, false, found);
    }
  }

  /** {@code kind: List} (kubectl) and typed lists such as {@code DeploymentList}, when they carry items. */
  private static boolean isList(String kind, JsonNode object) {
    return kind.endsWith("List") && object.path("items").isArray();
  }

  /**
   * Walks the pod spec at {@code pointer} below {@code object}. Strict (known kinds): every step that is present must
   * be a mapping, as the API server would require; lenient (unknown kinds): anything else is not a pod template.
   */
  private static void podSpec(JsonNode object, String pointer, String base, boolean strict, List<Found> found)
      throws MalformedException {
    JsonNode spec = object;
    String at = base;
    for (String field : pointer.substring(1).split("/")) {
      spec = spec.path(field);
      at = at + "/" + field;
      if (spec.isMissingNode() || spec.isNull()) {
        return;
      }
      if (!spec.isObject()) {
        if (strict) {
          throw new MalformedException(at, "must be a mapping");
        }
        return;
      }
    }
    if (!strict && !spec.path("containers").isArray()) {
      return; // a custom resource's "template" that is not a pod template
    }
    for (String list : CONTAINER_LISTS) {
      containers(spec.path(list), at + "/" + list, found);
    }
  }

  private static void containers(JsonNode list, String at, List<Found> found) throws MalformedException {
    if (list.isMissingNode() || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      throw new MalformedException(at, "must be a list of containers");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode container = list.get(i);
      String where = at + "/" + i;
      if (!container.isObject()) {
        throw new MalformedException(where, "must be a container (a mapping)");
      }
      JsonNode image = container.path("image");
      if (!image.isString() || image.stringValue().isEmpty()) {
        throw new MalformedException(where + "/image",
            image.isMissingNode() || image.isNull() ? "image is required" : "image must be a non-empty string");
      }
      found.add(new Found(where + "/image", image.stringValue()));
    }
  }
}
