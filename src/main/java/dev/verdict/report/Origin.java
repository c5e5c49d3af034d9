package dev.verdict.report;

/**
 * Where an image reference came from: the command line, an images file, or a Kubernetes manifest (file, 1-based
 * line, 0-based document index, YAML path such as {@code spec.template.spec.containers[0].image}).
 */
public record Origin(String file, int line, int document, String path) {
  public static final Origin COMMAND_LINE = new Origin(null, 0, 0, null);

  public boolean isCommandLine() {
    return file == null;
  }
}
