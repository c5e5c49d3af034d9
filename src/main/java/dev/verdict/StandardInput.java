package dev.verdict;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Standard input named {@code -} where a file is expected ({@code helm template ... | verdict verify --manifests -}).
 * Read once, whole, and never more than a cap: a stream with no end ends in "is larger than", as a file would.
 */
public final class StandardInput {
  /** How messages and reports name it. */
  public static final String LABEL = "<stdin>";

  private StandardInput() {}

  /** Whether {@code path} is {@code -}, standard input. */
  public static boolean is(Path path) {
    return path != null && path.toString().equals("-");
  }

  /** At most {@code cap} bytes of {@code in}; {@link InputFiles.TooLargeException} when it holds more. */
  public static byte[] read(InputStream in, long cap) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
    if (bytes.length > cap) {
      throw new InputFiles.TooLargeException(cap);
    }
    return bytes;
  }
}
