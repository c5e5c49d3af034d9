package dev.verdict;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads files the user names (policies, keys, trust roots, SBOMs, layouts): never more than a cap, and with a
 * one-line reason when it fails. The cap is enforced on the bytes read, not on {@link Files#size}, which is 0 for
 * {@code /dev/zero}, a FIFO or {@code <(...)}: those must end in "too large", not in an exhausted heap.
 */
public final class InputFiles {
  private InputFiles() {}

  /** A file that holds more than the cap allows. */
  public static final class TooLargeException extends IOException {
    TooLargeException(long cap) {
      super("is larger than " + size(cap));
    }
  }

  /** At most {@code cap} bytes of {@code file}; {@link TooLargeException} when it holds more. */
  public static byte[] read(Path file, long cap) throws IOException {
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "is a directory");
    }
    if (Files.isRegularFile(file) && Files.size(file) > cap) {
      throw new TooLargeException(cap); // known without reading it; the bounded read below covers the rest
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > cap) {
        throw new TooLargeException(cap);
      }
      return bytes;
    }
  }

  /** The file as strict UTF-8 text (a {@link CharacterCodingException} names bytes that are not). */
  public static String readUtf8(Path file, long cap) throws IOException {
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(read(file, cap))).toString();
  }

  /** Why reading failed, for a one-line message: "does not exist", "permission denied", "is a directory"... */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "is not UTF-8 text";
    }
    if (e instanceof TooLargeException) {
      return e.getMessage();
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      String r = f.getReason();
      return r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
    return e.getMessage() != null ? e.getMessage() : "cannot be read";
  }

  /** {@code 4 MiB}, {@code 64 KiB} or {@code 100 bytes}. */
  public static String size(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }
}
