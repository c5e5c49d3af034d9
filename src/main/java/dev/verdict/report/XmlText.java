package dev.verdict.report;

/** Text that XML 1.0 can carry: the stream writer escapes markup but not characters XML forbids. */
final class XmlText {
  private XmlText() {}

  /** Replaces characters outside XML 1.0's {@code Char} production (most C0 controls, lone surrogates) with U+FFFD. */
  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean allowed = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
          || c >= 0x10000 && c <= 0x10FFFF;
      sb.appendCodePoint(allowed ? c : 0xFFFD);
      i += Character.charCount(c);
    }
    return sb.toString();
  }

  /** For attributes: also newlines to spaces, since parsers normalise them away and the body keeps the full text. */
  static String attribute(String text) {
    return clean(text).replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
  }
}
