package dev.verdict.result;

/**
 * Where an image reference came from: the command line, an images file, or a Kubernetes manifest (file, 1-based
 * line, 0-based document index, YAML path such as {@code spec.template.spec.containers[0].image}, and the same place
 * as an RFC 6901 JSON pointer such as {@code /spec/template/spec/containers/0/image}, or null, for a JSON patch).
 */
public record Origin(String file, int line, int document, String path, String pointer) {
  public static final Origin COMMAND_LINE = new Origin(null, 0, 0, null);

  /** An origin without a JSON pointer (not a place in a Kubernetes object). */
  public Origin(String file, int line, int document, String path) {
    this(file, line, document, path, null);
  }

  public boolean isCommandLine() {
    return file == null;
  }
}
