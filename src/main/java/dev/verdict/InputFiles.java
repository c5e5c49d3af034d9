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
 *
 * <p>A file that is not a regular file (a FIFO, {@code <(...)}, a device) is read with a deadline of
 * {@link #SPECIAL_FILE_DEADLINE}: a named FIFO nobody writes to blocks in {@code open} forever, and one whose writer
 * never closes blocks in {@code read}. Standard input is read only when a caller asks for it deliberately
 * ({@link #read(InputStream, long)}), never because a path happens to name it.
 */
public final class InputFiles {
  /** How long a FIFO, pipe or device may take to deliver its whole content. */
  public static final java.time.Duration SPECIAL_FILE_DEADLINE = java.time.Duration.ofSeconds(5);

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
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      return withDeadline(file, cap, SPECIAL_FILE_DEADLINE);
    }
    // a regular file, or one that cannot be resolved: opening it fails at once with the reason (missing, a loop)
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, cap);
    }
  }

  /** At most {@code cap} bytes of a stream the caller chose to read (standard input); no deadline. */
  public static byte[] read(InputStream in, long cap) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
    if (bytes.length > cap) {
      throw new TooLargeException(cap);
    }
    return bytes;
  }

  /**
   * Opens and reads a FIFO, pipe or device on a daemon thread, giving up after {@code deadline}. A thread blocked in
   * {@code open} cannot be interrupted; it is left behind as a daemon and ends with the process (or when a writer
   * comes).
   */
  static byte[] withDeadline(Path file, long cap, java.time.Duration deadline) throws IOException {
    java.util.concurrent.FutureTask<byte[]> task = new java.util.concurrent.FutureTask<>(() -> {
      try (InputStream in = Files.newInputStream(file)) {
        return read(in, cap);
      }
    });
    Thread t = new Thread(task, "verdict-read-" + file.getFileName());
    t.setDaemon(true);
    t.start();
    try {
      return task.get(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      task.cancel(true);
      throw new FileSystemException(file.toString(), null, "is not a regular file and did not deliver its content "
          + "within " + deadline.toSeconds() + "s (a FIFO with no writer?)");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading " + file);
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
