package dev.verdict;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Standard input named {@code -} where a file is expected ({@code helm template ... | verdict verify --manifests -}).
 * Read once, whole, through {@link InputFiles#read(InputStream, long)}: a stream with no end ends in "is larger
 * than", as a file would.
 */
public final class StandardInput {
  /** How messages and reports name it. */
  public static final String LABEL = "<stdin>";

  private StandardInput() {}

  /** Whether {@code path} is {@code -}, standard input. */
  public static boolean is(Path path) {
    return path != null && path.toString().equals("-");
  }
}
