package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.policy.Finding;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * No policy field can be removed to widen what is allowed without {@code policy lint} saying so: for every example
 * policy in policies/ that has a test suite in policies/tests/, each field (every mapping key and list item, at any
 * depth) is deleted in turn; either lint reports a new error or warning, or none of the suite's deny cases becomes an
 * allow. A deny list's entries (deniedLicenses, deniedPackages, deniedIds) are the exception: removing one allows
 * what it named, by definition, and lint cannot tell that from an intended edit; emptying a rule of every check is
 * not, and lint warns ("constrains nothing").
 */
class PolicyFieldDeletionTest {
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> deleteEachField_examplePolicies_lintWarnsOrNoDenyBecomesAllow() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> suites = Files.list(Path.of("policies/tests"))) {
      for (Path suite : suites.filter(p -> p.toString().endsWith(".test.yaml")).sorted().toList()) {
        String name = suite.getFileName().toString().replace(".test.yaml", "");
        tests.add(DynamicTest.dynamicTest(name, () -> deleteEachField(name)));
      }
    }
    assertTrue(tests.size() >= 4, "policy test suites in policies/tests");
    return tests.stream();
  }

  /** Copies policies/ beside a link to testdata/ so that the example's relative paths hold, then mutates it. */
  private void deleteEachField(String name) throws IOException {
    Path root = Files.createDirectories(tmp.resolve(name));
    Path link = Files.createSymbolicLink(root.resolve("testdata"), Path.of("testdata").toAbsolutePath());
    try {
      deleteEachField(name, root);
    } finally {
      Files.delete(link); // before @TempDir cleanup, which warns about links leading out of it
    }
  }

  private void deleteEachField(String name, Path root) throws IOException {
    Path policies = Files.createDirectories(root.resolve("policies"));
    Files.createDirectories(policies.resolve("tests"));
    try (Stream<Path> files = Files.list(Path.of("policies"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, policies.resolve(f.getFileName()));
      }
    }
    Files.copy(Path.of("policies/tests", name + ".test.yaml"), policies.resolve("tests/" + name + ".test.yaml"));
    Path policy = policies.resolve(name + ".yaml");
    Path suite = policies.resolve("tests/" + name + ".test.yaml");
    JsonNode original = YAML.readTree(Files.readString(Path.of("policies", name + ".yaml")));

    // the unmutated policy, as re-serialised, passes its own suite: the baseline is sound
    Files.writeString(policy, YAML.writeValueAsString(original));
    Set<String> baseline = lint(policy);
    Cli.Result base = Cli.run("policy", "test", suite.toString());
    assertEquals(0, base.code(), "baseline suite of " + name + ": " + base);

    List<String> widened = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    collect(original, "", paths);
    assertTrue(paths.size() > 5, name + " fields: " + paths);
    for (String path : paths) {
      if (path.matches(".*/denied[A-Za-z]+(/[0-9]+)?")) {
        continue;
      }
      JsonNode mutated = original.deepCopy();
      delete(mutated, path);
      Files.writeString(policy, YAML.writeValueAsString(mutated));
      Set<String> findings = lint(policy);
      if (!baseline.containsAll(findings) || findings.size() > baseline.size()) {
        continue; // lint says so
      }
      Cli.Result r = Cli.run("policy", "test", suite.toString());
      String allowed = r.out().lines().filter(l -> l.contains("expected deny, got allow"))
          .collect(Collectors.joining("; "));
      if (!allowed.isEmpty()) {
        widened.add("deleting " + path + " widens silently: " + allowed);
      }
    }
    assertTrue(widened.isEmpty(), String.join("\n", widened));
  }

  private static Set<String> lint(Path policy) {
    Set<String> out = new TreeSet<>();
    for (Finding f : PolicyLoader.lint(List.of(policy)).findings()) {
      out.add(f.severity() + " " + f.field() + " " + f.message());
    }
    return out;
  }

  /** Every field path, as JSON pointers: mapping keys and list items, parents before children. */
  static void collect(JsonNode node, String at, List<String> out) {
    if (node instanceof ObjectNode o) {
      for (String k : o.propertyNames()) {
        String p = at + "/" + k.replace("~", "~0").replace("/", "~1");
        out.add(p);
        collect(o.get(k), p, out);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(at + "/" + i);
        collect(a.get(i), at + "/" + i, out);
      }
    }
  }

  static void delete(JsonNode root, String pointer) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a) {
      a.remove(Integer.parseInt(last));
    }
  }
}
