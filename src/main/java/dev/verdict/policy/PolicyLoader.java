package dev.verdict.policy;

import dev.verdict.ConfigException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Loads {@code kind: ImagePolicy} and {@code kind: SbomPolicy} documents (v1, see DESIGN.md "Policy model") from YAML
 * and JSON files and directories. A file may hold several YAML documents; empty ones are skipped. A directory means
 * every {@code *.yaml}, {@code *.yml} and {@code *.json} directly in it (not in subdirectories, so the {@code ..data}
 * directories of a mounted ConfigMap are not read twice; names starting with a dot and policy test files
 * {@code *.test.yaml} / {@code *.test.yml} are skipped), sorted by name.
 * Relative paths inside a policy are relative to the policy file. JSON is read as YAML 1.2, of which it is a subset,
 * so errors have the same line:column form.
 */
public final class PolicyLoader {
  private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  private PolicyLoader() {}

  /**
   * The image policies, for {@code verify}: loads and validates every policy and throws for the first error (exit 3).
   * SbomPolicy documents constrain no image and are left out; a set without an image policy is an error, so a
   * directory of SBOM policies never verifies nothing and passes. Warnings are not reported here.
   */
  public static PolicySet load(List<Path> paths) throws ConfigException {
    return images(loadAll(paths), paths);
  }

  /** The image policies of {@code r} (loaded from {@code paths}); none is an error, as in {@link #load}. */
  public static PolicySet images(LoadResult r, List<Path> paths) throws ConfigException {
    if (r.policies().policies().isEmpty()) {
      throw new ConfigException(paths.isEmpty() ? null : paths.get(0).toString(), 0, 0, null,
          "no image policy: only SbomPolicy documents found (" + names(r.sbomPolicies()) + "); they judge SBOM "
          + "files (sbom check --policy, policy test sbom: cases), not images; give an ImagePolicy", null);
    }
    return r.policies();
  }

  /** Every policy of both kinds; throws for the first error (exit 3). Warnings are not reported here. */
  public static LoadResult loadAll(List<Path> paths) throws ConfigException {
    LoadResult r = lint(paths);
    for (Finding f : r.findings()) {
      if (f.isError()) {
        throw f.toException();
      }
    }
    return r;
  }

  private static String names(List<SbomPolicy> policies) {
    return String.join(", ", policies.stream().map(p -> "'" + p.name() + "' at " + p.location()).toList());
  }

  /** Every error and warning in {@code paths} (by file, then line and column), with the policies that loaded. */
  public static LoadResult lint(List<Path> paths) {
    return lint(paths, LocalDate.now(ZoneOffset.UTC));
  }

  /** {@link #lint(List)} as of {@code today} (exception expiry). */
  static LoadResult lint(List<Path> paths, LocalDate today) {
    List<Finding> findings = new ArrayList<>();
    List<ImagePolicy> policies = new ArrayList<>();
    List<SbomPolicy> sbomPolicies = new ArrayList<>();
    Map<String, PolicyDocument> byName = new HashMap<>();
    for (Path file : files(paths, findings)) {
      List<Finding> inFile = new ArrayList<>();
      Source src = new Source(file, today, inFile);
      for (PolicyDocument p : readFile(src)) {
        PolicyDocument first = byName.putIfAbsent(p.name(), p);
        if (first != null) {
          inFile.add(new Finding(Severity.ERROR, src.file, p.location().line(), p.location().column(),
              "metadata.name", "duplicate policy name '" + p.name() + "' (also defined at " + first.location()
              + "; policy names must be unique)"));
        } else if (p instanceof ImagePolicy ip) {
          policies.add(ip);
        } else {
          sbomPolicies.add((SbomPolicy) p);
        }
      }
      inFile.sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column));
      findings.addAll(inFile);
    }
    if (policies.isEmpty() && sbomPolicies.isEmpty() && findings.stream().noneMatch(Finding::isError)) {
      findings.add(new Finding(Severity.ERROR, paths.isEmpty() ? null : paths.get(0).toString(), 0, 0, null,
          "no ImagePolicy or SbomPolicy documents found (an empty policy set would verify nothing)"));
    }
    return new LoadResult(new PolicySet(policies), sbomPolicies, findings);
  }

  /** The files named, directories expanded; missing paths and empty directories are errors. */
  static List<Path> files(List<Path> paths, List<Finding> findings) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> inDir = new ArrayList<>();
        try (Stream<Path> s = Files.list(p)) {
          s.filter(PolicyLoader::isPolicyFile).sorted().forEach(inDir::add);
        } catch (IOException e) {
          findings.add(fileError(p, "cannot list directory: " + e.getMessage()));
          continue;
        }
        if (inDir.isEmpty()) {
          findings.add(fileError(p, "no policy files (*.yaml, *.yml, *.json) in directory"));
        }
        out.addAll(inDir);
      } else if (Files.exists(p)) {
        out.add(p);
      } else {
        findings.add(fileError(p, "does not exist"));
      }
    }
    return out;
  }

  /**
   * A file of a policy directory to load: not hidden, and not a policy test ({@code *.test.yaml}, {@code *.test.yml}),
   * which may sit beside the policies it tests. A test file named explicitly is still read (and refused).
   */
  private static boolean isPolicyFile(Path p) {
    String n = p.getFileName().toString();
    return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))
        && !n.endsWith(".test.yaml") && !n.endsWith(".test.yml") && Files.isRegularFile(p);
  }

  private static Finding fileError(Path p, String message) {
    return new Finding(Severity.ERROR, p.toString(), 0, 0, null, message);
  }

  /** The policies of one file without errors; reading stops at the first YAML syntax error. */
  private static List<PolicyDocument> readFile(Source src) {
    List<PolicyDocument> out = new ArrayList<>();
    String text;
    try {
      text = InputFiles.readUtf8(src.path, MAX_FILE_BYTES);
    } catch (InputFiles.TooLargeException e) {
      src.error((Mark) null, "too large for a policy file (over " + InputFiles.size(MAX_FILE_BYTES) + ")");
      return out;
    } catch (CharacterCodingException e) {
      src.error((Mark) null, "not UTF-8 text");
      return out;
    } catch (IOException e) {
      src.error((Mark) null, "cannot read: " + InputFiles.reason(e));
      return out;
    }
    if (src.file.endsWith(".json")) {
      text = untab(text);
    }
    LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setLabel(src.file).build();
    try {
      for (Node doc : Yaml.composeAll(text, settings)) {
        if (doc instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
          continue; // an empty document, e.g. a trailing "---"
        }
        PolicyDocument p = PolicyReader.read(src, doc);
        if (p != null) {
          out.add(p);
        }
      }
    } catch (MarkedYamlEngineException e) {
      src.error(e.getProblemMark().orElse(null), "invalid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      src.error((Mark) null, "invalid YAML: " + e.getMessage());
    }
    return out;
  }

  /**
   * JSON allows tabs as white space anywhere between tokens, YAML does not (snakeyaml-engine rejects some indenting
   * tabs even inside flow collections). Outside strings a tab is only white space, so a space in its place keeps the
   * meaning and every line:column.
   */
  static String untab(String json) {
    char[] c = json.toCharArray();
    boolean inString = false;
    for (int i = 0; i < c.length; i++) {
      if (inString && c[i] == '\\') {
        i++;
      } else if (c[i] == '"') {
        inString = !inString;
      } else if (!inString && c[i] == '\t') {
        c[i] = ' ';
      }
    }
    return new String(c);
  }
}
