package dev.verdict;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** The shared, lazily created JSON mapper: strict about duplicate keys, since signed documents must be unambiguous. */
public final class Json {
  private Json() {}

  private static final class Holder {
    static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  public static JsonMapper mapper() {
    return Holder.MAPPER;
  }
}
