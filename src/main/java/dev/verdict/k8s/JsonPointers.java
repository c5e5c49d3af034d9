package dev.verdict.k8s;

/**
 * Converts between JSON pointers and the dotted paths shown to users. The pointer is the exact address; the dotted
 * form is for reading (a key holding {@code .} or brackets is shown quoted in brackets).
 */
final class JsonPointers {
  private JsonPointers() {}

  /** {@code /spec/containers/0/image} to {@code spec.containers[0].image}. */
  static String toDotted(String pointer) {
    StringBuilder sb = new StringBuilder();
    for (String segment : pointer.substring(1).split("/", -1)) {
      String key = segment.replace("~1", "/").replace("~0", "~");
      if (isIndex(segment)) {
        sb.append('[').append(segment).append(']');
      } else if (key.isEmpty() || key.contains(".") || key.contains("[") || key.contains("]")
          || key.contains("\"")) {
        sb.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(key);
      }
    }
    return sb.toString();
  }

  /** {@code spec.containers[0].image} to {@code /spec/containers/0/image} (for paths of plain field names). */
  static String toPointer(String dotted) {
    return "/" + dotted.replace("[", ".").replace("]", "").replace('.', '/');
  }

  /** A key as a JSON pointer segment (RFC 6901 section 3). */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static boolean isIndex(String segment) {
    return !segment.isEmpty() && segment.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
