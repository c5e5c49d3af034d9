package dev.verdict.trust;

import dev.sigstore.tuf.FileExceedsMaxLengthException;
import dev.sigstore.tuf.Fetcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a TUF repository copied into a directory (an air-gapped mirror): the layout of the HTTP repository. */
final class DirectoryFetcher implements Fetcher {
  private final Path dir;

  DirectoryFetcher(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  @Override
  public String getSource() {
    return dir.toString();
  }

  /** The file's bytes, or null when the repository has no such file (as a 404 of an HTTP mirror). */
  @Override
  public byte[] fetchResource(String filename, int maxLength) throws IOException {
    Path file = dir.resolve(filename).normalize();
    if (!file.startsWith(dir) || filename.contains("\\")) {
      throw new IOException("TUF file name '" + filename + "' leaves the mirror directory");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(maxLength);
      if (bytes.length == maxLength && in.read() != -1) {
        throw new FileExceedsMaxLengthException(file.toString(), maxLength);
      }
      return bytes;
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
