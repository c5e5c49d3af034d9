package dev.verdict.k8s;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.StandardInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Expands {@code --manifests} arguments: files as given, directories into their manifest files, recursively. */
final class ManifestFiles {
  private ManifestFiles() {}

  /** The documents of one manifest file: read once, capped as YAML is, parsed as JSON or YAML by its name. */
  static List<LocatedDocument> read(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = InputFiles.read(file, YamlDocuments.MAX_CODE_POINTS);
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read: " + InputFiles.reason(e), e);
    }
    String name = file.toString();
    return isJson(file) ? JsonDocuments.read(name, bytes) : YamlDocuments.read(name, bytes);
  }

  /**
   * Files in argument order; each directory's {@code *.yaml}, {@code *.yml} and {@code *.json} files sorted by path so
   * that document order and findings are the same on every machine. A file named twice is read once; {@code -}
   * (standard input) is kept in its place.
   */
  static List<Path> expand(List<Path> paths) throws ConfigException {
    Set<Path> seen = new LinkedHashSet<>();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (StandardInput.is(path)) {
        files.add(path); // read by the caller, once
      } else if (Files.isDirectory(path)) {
        for (Path file : walk(path)) {
          add(file, seen, files);
        }
      } else if (Files.isRegularFile(path)) {
        add(path, seen, files);
      } else {
        throw new ConfigException(path, "no such manifest file or directory");
      }
    }
    return files;
  }

  static boolean isJson(Path file) {
    return name(file).endsWith(".json");
  }

  private static List<Path> walk(Path dir) throws ConfigException {
    try (Stream<Path> tree = Files.walk(dir)) {
      return tree.filter(Files::isRegularFile).filter(ManifestFiles::isManifest)
          .sorted(Comparator.comparing(Path::toString)).toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException(dir, "cannot list directory: " + e.getMessage(), e);
    }
  }

  private static boolean isManifest(Path file) {
    String name = name(file);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static String name(Path file) {
    Path name = file.getFileName();
    return name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
  }

  private static void add(Path file, Set<Path> seen, List<Path> files) {
    if (seen.add(file.toAbsolutePath().normalize())) {
      files.add(file);
    }
  }
}
