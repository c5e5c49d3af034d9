package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The PolicyTest JSON Schema accepts what the loader accepts (the shipped tests) and rejects malformed files. */
class PolicyTestSchemaTest {
  private static Schema schema;

  @BeforeAll
  static void schema() throws IOException {
    String text = Files.readString(Path.of("policies/schema/policytest.v1.json"));
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
  }

  private static List<String> errors(Path file) throws IOException {
    JsonNode doc = new YAMLMapper().readTree(file.toFile());
    return schema.validate(doc).stream().map(Error::toString).toList();
  }

  private static List<Path> tests(String dir) throws IOException {
    try (Stream<Path> s = Files.walk(Path.of(dir))) {
      return s.filter(p -> p.toString().endsWith(".test.yaml")).sorted().toList();
    }
  }

  @Test
  void shippedAndNegativeSuites_validateAndLoad() throws IOException {
    List<Path> valid = Stream.of(tests("policies/tests"), tests("testdata/policy-test/negative"),
        tests("testdata/policy-test/mixed")).flatMap(List::stream).toList();
    assertTrue(valid.size() >= 4, valid.toString());
    for (Path p : valid) {
      assertEquals(List.of(), errors(p), p.toString());
    }
    assertEquals(List.of(), PolicyTestLoader.load(valid).findings());
  }

  @Test
  void malformedSuite_failsSchemaAndLoader() throws IOException {
    Path p = Path.of("testdata/policy-test/malformed/errors.test.yaml");

    assertFalse(errors(p).isEmpty());
    assertTrue(PolicyTestLoader.load(List.of(p)).hasErrors());
  }
}
