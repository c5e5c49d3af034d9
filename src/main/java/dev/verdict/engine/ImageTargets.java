package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.StandardInput;
import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.k8s.ImageOccurrence;
import dev.verdict.k8s.ManifestImages;
import dev.verdict.oci.Reference;
import dev.verdict.result.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images of a run, collected from the command line, an images file and Kubernetes manifests: every image once,
 * in first-seen order, with every place it was named.
 */
public final class ImageTargets {
  /** About 100,000 references; more is not a list of images a CI job means. */
  static final long MAX_IMAGES_FILE_BYTES = 16L << 20;
  /** A name is at most 255 characters, an {@code oci:} path at most PATH_MAX (4096). */
  static final int MAX_REFERENCE_CHARS = 4200;

  private final Map<String, List<Origin>> seen = new LinkedHashMap<>();
  private final Map<String, Reference> parsed = new LinkedHashMap<>();

  private ImageTargets() {}

  /**
   * Collects the targets.
   *
   * @param images references given on the command line
   * @param imagesFile a file of one reference per line ({@code -}: {@code stdin}), or null
   * @param manifests Kubernetes YAML/JSON files or directories ({@code -}: {@code stdin})
   * @throws UsageException when there is nothing to verify, a reference is bad, or standard input is named twice
   * @throws ConfigException when a file cannot be read or names a bad reference (file and line named)
   */
  public static List<ImageTarget> collect(List<String> images, Path imagesFile, List<Path> manifests,
      InputStream stdin) throws VerdictException {
    ImageTargets t = new ImageTargets();
    for (String image : images) {
      try {
        t.add(image, Origin.COMMAND_LINE);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    long dashes = manifests.stream().filter(StandardInput::is).count() + (StandardInput.is(imagesFile) ? 1 : 0);
    if (dashes > 1) {
      throw new UsageException("standard input (-) can be read once: give - to one of --manifests and --images-file");
    }
    if (imagesFile != null) {
      List<String> lines = imagesFileLines(imagesFile, stdin);
      String imagesName = StandardInput.is(imagesFile) ? StandardInput.LABEL : imagesFile.toString();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        int hash = line.indexOf('#');
        if (hash >= 0) {
          line = line.substring(0, hash).strip();
        }
        if (line.length() > MAX_REFERENCE_CHARS) {
          // not echoed: the error is one line, and this one could be megabytes
          throw new ConfigException(imagesName, i + 1, 0, null, "not an image reference (longer than "
              + MAX_REFERENCE_CHARS + " characters)");
        }
        if (!line.isEmpty()) {
          try {
            t.add(line, new Origin(imagesName, i + 1, 0, null));
          } catch (IllegalArgumentException e) {
            throw new ConfigException(imagesName, i + 1, 0, null, e.getMessage());
          }
        }
      }
    }
    if (!manifests.isEmpty()) {
      for (ImageOccurrence o : ManifestImages.extract(manifests, stdin)) {
        try {
          t.add(o.image(), o.origin());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(o.origin().file(), o.origin().line(), 0, o.origin().path(), e.getMessage());
        }
      }
    }
    if (t.seen.isEmpty()) {
      throw new UsageException(manifests.isEmpty() ? "no images given (IMAGE..., --images-file, --manifests)"
          : "no container images found in " + manifests);
    }
    List<ImageTarget> out = new ArrayList<>();
    t.seen.forEach((given, origins) -> out.add(new ImageTarget(given, t.parsed.get(given), origins)));
    return out;
  }

  /** The images file's lines; {@code -} is standard input, bounded the same. */
  private static List<String> imagesFileLines(Path imagesFile, InputStream stdin) throws ConfigException {
    boolean dash = StandardInput.is(imagesFile);
    try {
      byte[] bytes = dash ? InputFiles.read(stdin, MAX_IMAGES_FILE_BYTES)
          : InputFiles.read(imagesFile, MAX_IMAGES_FILE_BYTES);
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
    } catch (IOException e) {
      throw new ConfigException(dash ? StandardInput.LABEL : imagesFile.toString(), 0, 0, null,
          "cannot read images file: " + InputFiles.reason(e), e);
    }
  }

  private void add(String image, Origin origin) {
    Reference ref = Reference.parse(image);
    if (ref.isLayout() && !Files.isDirectory(ref.layout())) {
      throw new IllegalArgumentException("OCI layout directory " + ref.layout() + " does not exist");
    }
    seen.computeIfAbsent(image, k -> new ArrayList<>()).add(origin);
    parsed.putIfAbsent(image, ref);
  }
}
