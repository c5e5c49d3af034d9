package dev.verdict.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds the images of one Kubernetes object. The rule: every {@code image} a kubelet could be made to pull is found,
 * or the object is refused ({@link MalformedException}).
 *
 * <ul>
 *   <li>Built-in workloads (Pod, PodTemplate, ReplicationController, Deployment, ReplicaSet, StatefulSet, DaemonSet,
 *       Job, CronJob) have their pod spec read strictly: containers, initContainers, ephemeralContainers (each must
 *       name an image) and image volumes ({@code volumes[].image.reference}).
 *   <li>Lists ({@code kind: List} and typed lists such as {@code PodList}, also nested): each item is walked. An item
 *       without a {@code kind} gets the typed list's element kind, as {@code kubectl} gives it; an item of a plain
 *       {@code List} without a kind is refused.
 *   <li>Every other object (custom resources with pod templates at any depth, unknown versions of built-in kinds) and
 *       every part of a workload outside its pod spec is searched for {@code image} fields at any depth: a string is an
 *       image, a mapping is an image volume source and must carry {@code reference}; anything else named
 *       {@code image} is refused rather than ignored. Not searched: {@code status}, {@code metadata.labels} and
 *       {@code metadata.annotations}, and the built-in kinds that hold no images (ConfigMap, Secret,
 *       CustomResourceDefinition).
 * </ul>
 *
 * @see <a href="https://kubernetes.io/docs/concepts/workloads/pods/#pod-templates">Pod templates</a>
 * @see <a href="https://kubernetes.io/docs/concepts/storage/volumes/#image">Image volumes</a>
 */
final class PodSpecWalker {
  /** An image found at a JSON pointer relative to the walked object. */
  record Found(String pointer, String image) {}

  /** An object whose images cannot all be read; the pointer names the offending node. */
  static final class MalformedException extends Exception {
    final String pointer;

    MalformedException(String pointer, String problem) {
      super(problem);
      this.pointer = pointer;
    }
  }

  private static final String TEMPLATE_SPEC = "/spec/template/spec";
  private static final String CRONJOB_SPEC = "/spec/jobTemplate/spec/template/spec";
  /** Where each built-in workload keeps its pod spec, by API group and kind ({@code apps/Deployment}, {@code /Pod}). */
  private static final Map<String, String> POD_SPECS = new LinkedHashMap<>();

  static {
    POD_SPECS.put("/Pod", "/spec");
    POD_SPECS.put("/PodTemplate", "/template/spec");
    POD_SPECS.put("/ReplicationController", TEMPLATE_SPEC);
    for (String group : List.of("apps", "extensions")) {
      for (String kind : List.of("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")) {
        POD_SPECS.put(group + "/" + kind, TEMPLATE_SPEC);
      }
    }
    POD_SPECS.put("batch/Job", TEMPLATE_SPEC);
    POD_SPECS.put("batch/CronJob", CRONJOB_SPEC);
  }

  /** Built-in kinds whose fields are never pulled (a ConfigMap may well say {@code image: ...} in its data). */
  private static final Set<String> NO_IMAGES = Set.of("/ConfigMap", "/Secret",
      "apiextensions.k8s.io/CustomResourceDefinition");
  private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

  private final List<Found> found = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  private PodSpecWalker() {}

  /**
   * Images of {@code object}, whose kind is {@code kind} (or its own {@code kind} field when null), in order: each
   * workload's pod spec first (containers, init, ephemeral, image volumes), then images found elsewhere in field order.
   */
  static List<Found> walk(JsonNode object, String kind) throws MalformedException {
    PodSpecWalker walker = new PodSpecWalker();
    walker.object(object, kind, null, "");
    return walker.found;
  }

  /** {@code inheritedApiVersion}: the enclosing list's, for an item that names none. */
  private void object(JsonNode object, String givenKind, String inheritedApiVersion, String at)
      throws MalformedException {
    if (!object.isObject()) {
      throw new MalformedException(at, "must be a Kubernetes object (a mapping)");
    }
    String kind = givenKind != null ? givenKind : text(object, "kind", at);
    String apiVersion = text(object, "apiVersion", at);
    if (apiVersion == null) {
      apiVersion = inheritedApiVersion;
    }
    kind = kind == null ? "" : kind;
    if (kind.endsWith("List") && object.has("items")) {
      list(object, kind, apiVersion, at);
      return;
    }
    String podSpec = podSpecOf(kind, apiVersion, givenKind != null);
    if (podSpec != null) {
      podSpec(object, podSpec, at);
    }
    if (apiVersion != null && NO_IMAGES.contains(group(apiVersion) + "/" + kind)) {
      return;
    }
    scanFields(object, at, true, false);
  }

  private void list(JsonNode list, String kind, String apiVersion, String at) throws MalformedException {
    JsonNode items = list.get("items");
    if (items.isNull()) {
      return;
    }
    if (!items.isArray()) {
      throw new MalformedException(at + "/items", "items of a " + kind + " must be a list");
    }
    String element = kind.equals("List") ? null : kind.substring(0, kind.length() - "List".length());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String where = at + "/items/" + i;
      boolean kindless = item.isObject() && (!item.has("kind") || item.get("kind").isNull());
      if (kindless && element == null) {
        throw new MalformedException(where, "list item without a kind (kubectl refuses it; verdict cannot tell "
            + "which images it holds)");
      }
      object(item, kindless ? element : null, apiVersion, where);
    }
    // whatever else the list carries is searched like any object
    for (Map.Entry<String, JsonNode> e : list.properties()) {
      if (!e.getKey().equals("items")) {
        scanField(e.getKey(), e.getValue(), at, true, false);
      }
    }
  }

  /**
   * The pod spec pointer of a built-in workload, or null. An object naming no {@code apiVersion}, and a kind given by
   * the caller (an admission request's), are matched by kind alone.
   */
  private static String podSpecOf(String kind, String apiVersion, boolean kindGiven) {
    if (apiVersion != null && !kindGiven) {
      return POD_SPECS.get(group(apiVersion) + "/" + kind);
    }
    for (Map.Entry<String, String> e : POD_SPECS.entrySet()) {
      if (e.getKey().endsWith("/" + kind)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** {@code apps/v1} to {@code apps}; {@code v1} (the core group) to the empty string. */
  private static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static String text(JsonNode object, String field, String at) throws MalformedException {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new MalformedException(at + "/" + field, field + " must be a string");
    }
    return v.stringValue();
  }

  /**
   * Walks a built-in workload's pod spec at {@code pointer} below {@code object}: every step that is present must be
   * a mapping, as the API server requires.
   */
  private void podSpec(JsonNode object, String pointer, String base) throws MalformedException {
    JsonNode spec = object;
    String at = base;
    for (String field : pointer.substring(1).split("/")) {
      spec = spec.path(field);
      at = at + "/" + field;
      if (spec.isMissingNode() || spec.isNull()) {
        return;
      }
      if (!spec.isObject()) {
        throw new MalformedException(at, "must be a mapping");
      }
    }
    for (String list : CONTAINER_LISTS) {
      containers(spec.path(list), at + "/" + list);
    }
    volumes(spec.path("volumes"), at + "/volumes");
  }

  private void containers(JsonNode list, String at) throws MalformedException {
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
      if (image.isMissingNode() || image.isNull()) {
        throw new MalformedException(where + "/image", "image is required");
      }
      imageReference(image, where + "/image");
    }
  }

  /** Image volumes: {@code volumes[].image.reference}, an image the kubelet pulls like a container's. */
  private void volumes(JsonNode list, String at) throws MalformedException {
    if (list.isMissingNode() || list.isNull()) {
      return;
    }
    if (!list.isArray()) {
      throw new MalformedException(at, "must be a list of volumes");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode volume = list.get(i);
      String where = at + "/" + i;
      if (!volume.isObject()) {
        throw new MalformedException(where, "must be a volume (a mapping)");
      }
      JsonNode image = volume.path("image");
      if (!image.isMissingNode() && !image.isNull()) {
        imageVolume(image, where + "/image");
      }
    }
  }

  private void imageVolume(JsonNode image, String at) throws MalformedException {
    if (!image.isObject()) {
      throw new MalformedException(at, "an image volume must be a mapping with reference");
    }
    JsonNode reference = image.path("reference");
    if (reference.isMissingNode() || reference.isNull()) {
      throw new MalformedException(at + "/reference", "image volume without reference (verdict cannot verify an "
          + "image filled in later)");
    }
    imageReference(reference, at + "/reference");
  }

  private void imageReference(JsonNode image, String at) throws MalformedException {
    if (!image.isString() || image.stringValue().isEmpty()) {
      throw new MalformedException(at, "image must be a non-empty string");
    }
    if (seen.add(at)) {
      found.add(new Found(at, image.stringValue()));
    }
  }

  /** Searches every field of {@code object} for images; at an object's root, {@code status} is skipped. */
  private void scanFields(JsonNode object, String at, boolean root, boolean metadata) throws MalformedException {
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      scanField(e.getKey(), e.getValue(), at, root, metadata);
    }
  }

  private void scanField(String name, JsonNode value, String at, boolean root, boolean inMetadata)
      throws MalformedException {
    String where = at + "/" + JsonPointers.escape(name);
    if (root && name.equals("status")) {
      return; // written by controllers; the API server ignores it on create
    }
    if (inMetadata && (name.equals("labels") || name.equals("annotations"))) {
      return; // string maps: a label named image is not pulled
    }
    if (name.equalsIgnoreCase("image")) { // Image too: a decoder that folds case would read it
      if (value.isNull()) {
        return;
      }
      if (value.isObject() && !value.has("reference")) {
        throw new MalformedException(where, "image is a mapping without reference: not an image reference verdict "
            + "can read, and verdict refuses an image field it cannot read (render the template first)");
      }
      if (value.isObject()) {
        imageVolume(value, where);
        return;
      }
      if (!value.isString()) {
        throw new MalformedException(where, "image must be an image reference (a string) or an image volume "
            + "({reference: ...}); verdict refuses an image field it cannot read");
      }
      imageReference(value, where);
      return;
    }
    scan(value, where, name.equals("metadata"));
  }

  private void scan(JsonNode node, String at, boolean metadata) throws MalformedException {
    if (node.isObject()) {
      scanFields(node, at, false, metadata);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        scan(node.get(i), at + "/" + i, false);
      }
    }
  }
}
