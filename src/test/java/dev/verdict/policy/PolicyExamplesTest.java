package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.verdict.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The example policies users copy validate against the JSON Schema and load without findings; the bad policies in
 * testdata/policy/bad fail both, so the schema and the loader agree.
 */
class PolicyExamplesTest {
  private static final Path REPO = Path.of("").toAbsolutePath();
  private static Schema schema;

  @TempDir
  Path tree;

  @BeforeAll
  static void schema() throws IOException {
    String text = Files.readString(REPO.resolve("policies/schema/imagepolicy.v1.json"));
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
  }

  /** Schema errors of every document in {@code file}. */
  static List<String> schemaErrors(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          schema.validate(doc).stream().map(Error::toString).forEach(out::add);
        }
      }
    }
    return out;
  }

  /** A copy of policies/ and testdata/ with the example key the lead ships generated when absent. */
  private Path copyOfTree() throws IOException {
    for (String top : List.of("policies", "testdata")) {
      try (Stream<Path> s = Files.walk(REPO.resolve(top))) {
        for (Path p : s.toList()) {
          Path to = tree.resolve(REPO.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to);
          }
        }
      }
    }
    if (!Files.exists(tree.resolve("testdata/keys/cosign-test.pub"))) {
      TestPolicies.ecKey(tree, "testdata/keys/cosign-test.pub");
    }
    return tree.resolve("policies");
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void examples_validateAgainstSchema() throws IOException {
    List<Path> examples = files(REPO.resolve("policies"));
    assertEquals(7, examples.size(), "example policies: " + examples);
    for (Path example : examples) {
      assertEquals(List.of(), schemaErrors(example), example.toString());
    }
  }

  @Test
  void examples_loadWithoutFindings() throws IOException, ConfigException {
    Path policies = copyOfTree();

    LoadResult r = PolicyLoader.lint(List.of(policies));

    assertEquals(List.of(), r.findings());
    assertEquals(List.of("github-attestations", "github-keyless", "key-signed", "sbom-licenses", "slsa-l3-provenance",
        "vulnerability-budget"), r.policies().policies().stream().map(ImagePolicy::name).toList());
    assertEquals(List.of("sbom-only"), r.sbomPolicies().stream().map(SbomPolicy::name).toList());
    assertEquals(6, PolicyLoader.load(List.of(policies)).policies().size());
  }

  @Test
  void badPolicies_failSchemaAndLoader() throws IOException {
    List<Path> bad = files(REPO.resolve("testdata/policy/bad"));
    assertTrue(bad.size() >= 10, "bad policies: " + bad);
    for (Path p : bad) {
      assertFalse(schemaErrors(p).isEmpty(), "schema accepted " + p);
      ConfigException e = assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(p)), p.toString());
      assertTrue(e.line() > 0, "no position for " + e.getMessage());
    }
  }
}
