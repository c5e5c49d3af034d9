package dev.verdict.serve;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The parts of an AdmissionReview {@code request} (admission.k8s.io/v1) verdict reads. Nothing here counts as
 * evidence: labels and annotations of the object are never consulted for a decision.
 *
 * @param apiVersion the envelope's, echoed in the response
 * @param kind the object's kind ({@code request.kind.kind})
 * @param object the object as it will be stored (null for DELETE)
 * @param oldObject the stored object on UPDATE, or null
 * @see <a href="https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#request">
 *     Webhook request</a>
 */
record AdmissionRequest(String apiVersion, String uid, String group, String kind, String operation,
    String subResource, String namespace, String name, String user, boolean dryRun, JsonNode object,
    JsonNode oldObject) {
  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

  /**
   * Reads an AdmissionReview envelope; with {@code bareRequestOk}, also a bare {@code request} object (what
   * {@code kwctl} and many test suites store).
   */
  public static AdmissionRequest of(JsonNode review, boolean bareRequestOk) throws BadReviewException {
    if (review == null || !review.isObject()) {
      throw new BadReviewException("not an AdmissionReview: expected a JSON object");
    }
    if (bareRequestOk && !review.has("request") && review.has("uid") && review.has("operation")) {
      return request(API_VERSION, review);
    }
    String apiVersion = string(review, "apiVersion", "");
    String kind = string(review, "kind", "");
    if (!API_VERSION.equals(apiVersion) || !KIND.equals(kind)) {
      throw new BadReviewException("not an AdmissionReview " + API_VERSION + " (apiVersion " + quoted(apiVersion)
          + ", kind " + quoted(kind) + ")");
    }
    JsonNode request = review.get("request");
    if (request == null || !request.isObject()) {
      throw new BadReviewException("AdmissionReview without a request");
    }
    return request(apiVersion, request);
  }

  private static AdmissionRequest request(String apiVersion, JsonNode r) throws BadReviewException {
    String uid = string(r, "uid", "request.");
    if (uid == null || uid.isEmpty()) {
      throw new BadReviewException("request.uid is required");
    }
    JsonNode kind = r.get("kind");
    if (kind == null || !kind.isObject()) {
      throw new BadReviewException("request.kind must be {group, version, kind}");
    }
    String k = string(kind, "kind", "request.kind.");
    if (k == null || k.isEmpty()) {
      throw new BadReviewException("request.kind.kind is required");
    }
    String group = string(kind, "group", "request.kind.");
    String operation = string(r, "operation", "request.");
    if (operation == null || !OPERATIONS.contains(operation)) {
      throw new BadReviewException("request.operation must be one of CREATE, UPDATE, DELETE, CONNECT");
    }
    JsonNode dry = r.get("dryRun");
    if (dry != null && !dry.isNull() && !dry.isBoolean()) {
      throw new BadReviewException("request.dryRun must be a boolean");
    }
    JsonNode object = node(r, "object");
    if (object == null && (operation.equals("CREATE") || operation.equals("UPDATE"))) {
      throw new BadReviewException("request.object is required for " + operation);
    }
    JsonNode user = r.get("userInfo");
    String username = user != null && user.isObject() ? string(user, "username", "request.userInfo.") : null;
    return new AdmissionRequest(apiVersion, uid, group == null ? "" : group, k, operation,
        string(r, "subResource", "request."), string(r, "namespace", "request."), string(r, "name", "request."),
        username, dry != null && dry.asBoolean(), object, node(r, "oldObject"));
  }

  private static JsonNode node(JsonNode parent, String field) throws BadReviewException {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new BadReviewException("request." + field + " must be an object");
    }
    return n;
  }

  private static String string(JsonNode parent, String field, String prefix) throws BadReviewException {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      throw new BadReviewException(prefix + field + " must be a string");
    }
    return n.stringValue();
  }

  private static String quoted(String s) {
    if (s == null) {
      return "missing";
    }
    return "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
  }

  /** True when the object carries {@code metadata.deletionTimestamp}: it is being deleted. */
  public boolean beingDeleted() {
    if (object == null) {
      return false;
    }
    JsonNode ts = object.path("metadata").path("deletionTimestamp");
    return !ts.isMissingNode() && !ts.isNull();
  }
}
