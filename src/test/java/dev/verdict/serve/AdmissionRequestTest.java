package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdmissionRequestTest {
  static String good() {
    return Reviews.create("", "Pod", Reviews.object("", "Pod", "r/app:1"));
  }

  static BadReviewException bad(String body) {
    return assertThrows(BadReviewException.class,
        () -> AdmissionRequest.of(ReviewJson.parse(body.getBytes(StandardCharsets.UTF_8)), false));
  }

  @Test
  void of_wholeReview_readsTheFieldsVerdictUses() throws Exception {
    AdmissionRequest r = AdmissionRequest.of(ReviewJson.parse(good().getBytes(StandardCharsets.UTF_8)), false);
    assertEquals("Pod", r.kind());
    assertEquals("CREATE", r.operation());
    assertEquals("alice", r.user());
    assertEquals("admission.k8s.io/v1", r.apiVersion());
  }

  @Test
  void of_otherApiVersionOrKind_refused() {
    assertTrue(bad(good().replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1")).getMessage()
        .contains("not an AdmissionReview admission.k8s.io/v1"));
    assertTrue(bad(good().replace("\"AdmissionReview\"", "\"Pod\"")).getMessage().contains("kind 'Pod'"));
  }

  @Test
  void of_missingOrBadFields_refusedNamingTheField() {
    assertTrue(bad(good().replaceFirst("\"uid\":\"[^\"]+\"", "\"uid\":\"\"")).getMessage().contains("uid"));
    assertTrue(bad(good().replace("\"operation\":\"CREATE\"", "\"operation\":\"PATCH\"")).getMessage()
        .contains("request.operation"));
    assertTrue(bad(good().replace("\"dryRun\":false", "\"dryRun\":\"yes\"")).getMessage().contains("dryRun"));
    tools.jackson.databind.node.ObjectNode r = (tools.jackson.databind.node.ObjectNode) Json.mapper().readTree(good());
    ((tools.jackson.databind.node.ObjectNode) r.get("request")).put("object", "a string");
    assertTrue(bad(r.toString()).getMessage().contains("request.object must be an object"));
    ((tools.jackson.databind.node.ObjectNode) r.get("request")).putNull("object");
    assertTrue(bad(r.toString()).getMessage().contains("request.object is required for CREATE"));
  }

  @Test
  void parse_hostileJson_refused() {
    assertTrue(bad("{\"a\":1,\"a\":2}").getMessage().contains("Duplicate"), bad("{\"a\":1,\"a\":2}").getMessage());
    assertTrue(bad("[".repeat(600) + "]".repeat(600)).getMessage().contains("malformed JSON"));
    assertTrue(bad(good() + " {}").getMessage().contains("malformed JSON"));
    assertTrue(bad("").getMessage().contains("empty"));
  }

  @Test
  void of_bareRequest_onlyWhereAllowed() throws Exception {
    String bare = Json.mapper().readTree(good()).get("request").toString();
    assertEquals("Pod", AdmissionRequest.of(Json.mapper().readTree(bare), true).kind());
    assertThrows(BadReviewException.class, () -> AdmissionRequest.of(Json.mapper().readTree(bare), false));
  }
}
