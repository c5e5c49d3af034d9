package dev.verdict.report;

/**
 * Formats GitHub Actions workflow commands with the escaping of {@code @actions/core}: data escapes {@code %},
 * CR and LF; property values also escape {@code :} and {@code ,} (which would end the value).
 *
 * @see <a href="https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts">actions/toolkit command.ts</a>
 */
final class WorkflowCommands {
  private WorkflowCommands() {}

  /** {@code ::error file=F,line=L,title=T::message}; file and line are left out when absent. */
  static String format(String command, String file, int line, String title, String message) {
    StringBuilder sb = new StringBuilder("::").append(command);
    String sep = " ";
    if (file != null) {
      sb.append(sep).append("file=").append(escapeProperty(file));
      sep = ",";
      if (line > 0) {
        sb.append(sep).append("line=").append(line);
      }
    }
    if (title != null) {
      sb.append(sep).append("title=").append(escapeProperty(title));
    }
    return sb.append("::").append(escapeData(message)).append('\n').toString();
  }

  static String escapeData(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  static String escapeProperty(String s) {
    return escapeData(s).replace(":", "%3A").replace(",", "%2C");
  }
}
