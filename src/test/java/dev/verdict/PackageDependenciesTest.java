package dev.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure DESIGN.md describes, read from the sources' imports and fully qualified names: verifiers do
 * not depend on the renderers or the CLI, and no two packages depend on each other through any path.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/verdict");
  private static final Pattern USE = Pattern.compile("\\bdev\\.verdict\\.([a-z0-9]+)\\.[A-Z]");
  private static final Map<String, Set<String>> USES = new TreeMap<>();

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        Path rel = SOURCES.relativize(f);
        String pkg = rel.getNameCount() == 1 ? "(root)" : rel.getName(0).toString();
        Set<String> uses = USES.computeIfAbsent(pkg, k -> new TreeSet<>());
        for (String line : Files.readAllLines(f)) {
          if (line.trim().startsWith("*") || line.trim().startsWith("//")) {
            continue; // javadoc links are not dependencies
          }
          Matcher m = USE.matcher(line);
          while (m.find()) {
            if (!m.group(1).equals(pkg)) {
              uses.add(m.group(1));
            }
          }
        }
      }
    }
  }

  @Test
  void verifiers_neverUseRenderersOrCli() {
    for (String verifier : List.of("oci", "discovery", "sigstore", "attestation", "sbom", "policy", "k8s", "trust",
        "result", "engine")) {
      Set<String> uses = USES.getOrDefault(verifier, Set.of());
      assertTrue(!uses.contains("report") && !uses.contains("cli"), verifier + " uses " + uses);
    }
  }

  @Test
  void result_dependsOnNothingButTheRoot() {
    assertEquals(Set.of(), USES.get("result"));
  }

  @Test
  void packages_formNoCycle() {
    for (String from : USES.keySet()) {
      List<String> path = new ArrayList<>();
      assertTrue(!reaches(from, from, new TreeSet<>(), path), "cycle: " + from + " -> " + path);
    }
  }

  private static boolean reaches(String target, String at, Set<String> seen, List<String> path) {
    for (String next : USES.getOrDefault(at, Set.of())) {
      path.add(next);
      if (next.equals(target) || (seen.add(next) && reaches(target, next, seen, path))) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }
}
