package dev.verdict.k8s;

/**
 * Converts between JSON pointers and the dotted paths shown to users. Every segment the walker produces is a fixed
 * Kubernetes field name or an array index, so the two forms map one to one without escaping.
 */
final class Paths {
  private Paths() {}

  /** {@code /spec/containers/0/image} to {@code spec.containers[0].image}. */
  static String toDotted(String pointer) {
    StringBuilder sb = new StringBuilder();
    for (String segment : pointer.substring(1).split("/", -1)) {
      if (isIndex(segment)) {
        sb.append('[').append(segment).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(segment);
      }
    }
    return sb.toString();
  }

  /** {@code spec.containers[0].image} to {@code /spec/containers/0/image}. */
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
