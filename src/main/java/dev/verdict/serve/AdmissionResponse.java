package dev.verdict.serve;

import dev.verdict.Json;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ObjectNode;

/**
 * verdict's answer to one admission request, and what it is rendered to: an AdmissionReview {@code response}
 * (admission.k8s.io/v1) that echoes the request's {@code uid}, {@code apiVersion} and {@code kind}.
 *
 * @param outcome allowed, denied by policy, or denied because no decision could be taken (fail closed)
 * @param code {@code status.code} of a denial: 403 by policy, 500 could not decide, 400 unreadable object
 * @param patch a JSONPatch (RFC 6902) document, or null
 * @param images what was decided per image (for the audit log and {@code auditAnnotations})
 */
record AdmissionResponse(String apiVersion, String uid, Outcome outcome, int code, String message,
    List<String> warnings, byte[] patch, Map<String, String> auditAnnotations, List<ImageVerdict> images) {
  /** The answer's kind, for exit codes and metrics. */
  public enum Outcome {
    ALLOW, DENY, UNDECIDED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One image's verdict within an admission: the reference as written, where (dotted path), the digest it was
   * decided at, the decision, the reasons (failing, undecided and warning checks, first first) and where the
   * decision came from ({@link ImageDecider.Decided#cache()}).
   */
  public record ImageVerdict(String image, String path, String digest, String decision, List<String> reasons,
      String cache) {
    public ImageVerdict {
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** The first reason, or null. */
    public String reason() {
      return reasons.isEmpty() ? null : reasons.get(0);
    }
  }

  public AdmissionResponse {
    warnings = List.copyOf(warnings);
    auditAnnotations = Map.copyOf(auditAnnotations);
    images = List.copyOf(images);
  }

  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }

  /** The AdmissionReview to send back, as a tree (for printing). */
  public ObjectNode toReview() {
    return (ObjectNode) Json.mapper().readTree(toReviewBytes());
  }

  /** The AdmissionReview to send back, as the server sends it: written straight to bytes, no tree. */
  public byte[] toReviewBytes() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.factory().createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringProperty("apiVersion", apiVersion);
      g.writeStringProperty("kind", AdmissionRequest.KIND);
      g.writeObjectPropertyStart("response");
      g.writeStringProperty("uid", uid);
      g.writeBooleanProperty("allowed", allowed());
      if (!allowed()) {
        g.writeObjectPropertyStart("status");
        g.writeNumberProperty("code", code);
        g.writeStringProperty("reason", code == 403 ? "Forbidden" : code == 400 ? "BadRequest" : "InternalError");
        g.writeStringProperty("message", message);
        g.writeEndObject();
      }
      if (!warnings.isEmpty()) {
        g.writeArrayPropertyStart("warnings");
        for (String w : warnings) {
          g.writeString(w);
        }
        g.writeEndArray();
      }
      if (patch != null) {
        g.writeStringProperty("patchType", "JSONPatch");
        g.writeStringProperty("patch", Base64.getEncoder().encodeToString(patch));
      }
      if (!auditAnnotations.isEmpty()) {
        g.writeObjectPropertyStart("auditAnnotations");
        for (Map.Entry<String, String> a : new TreeMap<>(auditAnnotations).entrySet()) {
          g.writeStringProperty(a.getKey(), a.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    return buf.toByteArray();
  }

  /** A denial taken without looking at any image (an unreadable object, an internal error). */
  static AdmissionResponse denied(AdmissionRequest r, Outcome outcome, int code, String message) {
    Map<String, String> audit = new LinkedHashMap<>();
    audit.put("decision", outcome.label());
    return new AdmissionResponse(r.apiVersion(), r.uid(), outcome, code, message, List.of(), null, audit,
        List.of());
  }
}
