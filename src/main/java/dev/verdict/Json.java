package dev.verdict;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON reader of verdict, lazily created: strict about duplicate keys, since signed documents must be
 * unambiguous, and bounded in nesting and token sizes. Every package parses through it (the Kubernetes manifest
 * reader through its {@link #factory()}, to keep line numbers); package-level {@code Json} classes only add typed
 * accessors over its trees.
 */
public final class Json {
  /** Nesting depth at most; deeper input is rejected, not recursed into. */
  public static final int MAX_DEPTH = 500;

  private Json() {}

  private static final class Holder {
    /** Jackson 3's defaults, pinned here so that an upgrade of Jackson cannot loosen them. */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH)
        .maxStringLength(100_000_000)
        .maxNumberLength(1000)
        .maxNameLength(50_000)
        .build();
    static final JsonFactory FACTORY = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    static final JsonMapper MAPPER = JsonMapper.builder(FACTORY)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  public static JsonMapper mapper() {
    return Holder.MAPPER;
  }

  /** The mapper's token factory (same limits), for readers that build their own trees with locations. */
  public static JsonFactory factory() {
    return Holder.FACTORY;
  }

  /**
   * One document, parsed strictly; throws {@link IllegalArgumentException} with Jackson's reason (the
   * {@link JacksonException} as its cause), or "empty document" (no cause) when there is none.
   */
  public static JsonNode tree(byte[] json) {
    JsonNode node;
    try {
      node = mapper().readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("empty document");
    }
    return node;
  }
}
