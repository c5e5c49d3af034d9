package dev.verdict.k8s;

import dev.verdict.ConfigException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises an unrendered Helm chart template given where rendered manifests are expected: a file that does not
 * parse, or an image that reads {@code {{ .Values.image }}}, where a line holds a template action.
 */
final class HelmHint {
  private static final Pattern ACTION = Pattern.compile("\\{\\{.*}}");
  static final String HINT = "unrendered Helm template ({{ ... }}); render it first: helm template RELEASE CHART | "
      + "verdict verify --manifests -";

  private HelmHint() {}

  /**
   * Throws the hint when {@code text} holds a template action outside a comment: at the nearest such line at or
   * before {@code errorLine} (1-based; 0 when unknown), else at the first.
   */
  static void check(String file, String text, int errorLine, Exception cause) throws ConfigException {
    List<String> lines = text.lines().toList();
    int found = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith("#") && ACTION.matcher(line).find()) {
        if (found == 0 || errorLine <= 0 || i + 1 <= errorLine) {
          found = i + 1;
        }
        if (errorLine <= 0 || i + 1 >= errorLine) {
          break;
        }
      }
    }
    if (found > 0) {
      throw new ConfigException(file, found, 0, null, HINT, cause);
    }
  }

  /** Whether an image value is a template action that was never rendered. */
  static boolean isTemplate(String image) {
    return image.contains("{{");
  }
}
