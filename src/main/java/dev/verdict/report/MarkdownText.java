package dev.verdict.report;

/**
 * Escaping for untrusted text in Markdown: table cells must not end early at a pipe or a newline, and text must not
 * become a link, an image, HTML or emphasis.
 *
 * @see <a href="https://github.github.com/gfm/#backslash-escapes">GFM backslash escapes</a>
 */
final class MarkdownText {
  // Enough to stop emphasis, links and images ("(" matters only after "]"), code spans and table cells.
  private static final String PUNCTUATION = "\\`*_[]~|";

  private MarkdownText() {}

  /** Text for a table cell or a list item; empty for null. */
  static String cell(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '\r' -> { }
        case '\n' -> sb.append("<br>");
        default -> {
          if (PUNCTUATION.indexOf(c) >= 0) {
            sb.append('\\');
          }
          sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  /**
   * A code span for headings and list items (not table cells: there a pipe would need {@code \|}). Its content is
   * literal, so only line breaks are removed and the fence is made longer than any backtick run in the text.
   */
  static String code(String text) {
    String t = text == null ? "" : text.replace("\r", "").replace('\n', ' ');
    String fence = "`";
    while (t.contains(fence)) {
      fence += "`";
    }
    String pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
    return fence + pad + t + pad + fence;
  }
}
