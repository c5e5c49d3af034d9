package dev.verdict.policy;

import dev.verdict.InputFiles;
import dev.verdict.Yaml;
import dev.verdict.policy.Finding.Severity;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads {@code kind: PolicyTest} files (README, "Policy tests"). A file named on the command line is read whatever
 * its name; a directory means every {@code *.test.yaml} and {@code *.test.yml} below it, recursively, sorted by path
 * (names starting with a dot are skipped). One test document per file. Every problem is reported, with its
 * position, as a {@link Finding}; a suite with any error is left out.
 */
public final class PolicyTestLoader {
  private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  /** The suites that loaded without error, and every error in file order. */
  public record Result(List<PolicyTestSuite> suites, List<Finding> findings) {
    public Result {
      suites = List.copyOf(suites);
      findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
      return findings.stream().anyMatch(Finding::isError);
    }
  }

  private PolicyTestLoader() {}

  public static Result load(List<Path> paths) {
    List<Finding> findings = new ArrayList<>();
    List<PolicyTestSuite> suites = new ArrayList<>();
    for (Path file : files(paths, findings)) {
      List<Finding> inFile = new ArrayList<>();
      PolicyTestSuite suite = readFile(new Source(file, LocalDate.now(ZoneOffset.UTC), inFile));
      if (suite != null && inFile.stream().noneMatch(Finding::isError)) {
        suites.add(suite);
      }
      inFile.sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column));
      findings.addAll(inFile);
    }
    if (suites.isEmpty() && findings.stream().noneMatch(Finding::isError)) {
      findings.add(fileError(paths.isEmpty() ? null : paths.get(0), "no policy tests found"));
    }
    return new Result(suites, findings);
  }

  /** The files named, directories searched recursively; missing paths and directories without tests are errors. */
  static List<Path> files(List<Path> paths, List<Finding> findings) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> isTestFile(p, f)).sorted().forEach(found::add);
        } catch (IOException | java.io.UncheckedIOException e) {
          findings.add(fileError(p, "cannot search directory: " + e.getMessage()));
          continue;
        }
        if (found.isEmpty()) {
          findings.add(fileError(p, "no policy test files (*.test.yaml, *.test.yml) under directory"));
        }
        out.addAll(found);
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        findings.add(fileError(p, Files.exists(p) ? "not a regular file" : "does not exist"));
      }
    }
    return out;
  }

  private static boolean isTestFile(Path root, Path f) {
    for (Path part : root.relativize(f)) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    String n = f.getFileName().toString();
    return (n.endsWith(".test.yaml") || n.endsWith(".test.yml")) && Files.isRegularFile(f);
  }

  private static Finding fileError(Path p, String message) {
    return new Finding(Severity.ERROR, p == null ? null : p.toString(), 0, 0, null, message);
  }

  /** The suite of one file, or null; reading stops at the first YAML syntax error. */
  private static PolicyTestSuite readFile(Source src) {
    String text;
    try {
      text = InputFiles.readUtf8(src.path, MAX_FILE_BYTES);
    } catch (InputFiles.TooLargeException e) {
      src.error((Mark) null, "too large for a policy test file (over " + InputFiles.size(MAX_FILE_BYTES) + ")");
      return null;
    } catch (CharacterCodingException e) {
      src.error((Mark) null, "not UTF-8 text");
      return null;
    } catch (IOException e) {
      src.error((Mark) null, "cannot read: " + InputFiles.reason(e));
      return null;
    }
    LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setLabel(src.file).build();
    List<Node> docs = new ArrayList<>();
    try {
      for (Node doc : Yaml.composeAll(text, settings)) {
        if (!(doc instanceof ScalarNode s && Tag.NULL.equals(s.getTag()))) {
          docs.add(doc);
        }
      }
    } catch (MarkedYamlEngineException e) {
      src.error(e.getProblemMark().orElse(null), "invalid YAML: " + e.getProblem());
      return null;
    } catch (YamlEngineException e) {
      src.error((Mark) null, "invalid YAML: " + e.getMessage());
      return null;
    }
    if (docs.isEmpty()) {
      src.error((Mark) null, "empty file (expected one kind: PolicyTest document)");
      return null;
    }
    for (Node extra : docs.subList(1, docs.size())) {
      src.error(extra, null, "a policy test file holds one document (move this one to a file of its own)");
    }
    return PolicyTestReader.read(src, docs.get(0));
  }
}
