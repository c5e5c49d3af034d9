package dev.verdict.serve;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an AdmissionReview body by the project's hostile-input rules: duplicate keys refused (two readers could
 * see two different objects), nesting bounded as the manifest reader bounds it, one value and nothing after it.
 */
final class ReviewJson {
  /** As {@code dev.verdict.k8s.JsonDocuments}: far deeper than a Kubernetes object, far below the stack's limit. */
  static final int MAX_DEPTH = 500;
  private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private ReviewJson() {}

  static JsonNode parse(byte[] body) throws BadReviewException {
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw new BadReviewException("empty body: expected an AdmissionReview");
      }
      return n;
    } catch (JacksonException e) {
      String m = e.getOriginalMessage();
      throw new BadReviewException("malformed JSON: " + (m == null ? e.getClass().getSimpleName()
          : m.lines().findFirst().orElse(m)));
    }
  }
}
