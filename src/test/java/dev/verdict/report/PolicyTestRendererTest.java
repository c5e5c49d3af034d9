package dev.verdict.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.engine.PolicyTestRunner;
import dev.verdict.engine.PolicyTests;
import dev.verdict.testing.Schemas;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code policy test}'s views of the harness's negative suites (every case fails) against the golden files the CLI
 * test also checks: the text view, and JUnit XML from the writer {@link JunitRenderer} shares.
 */
class PolicyTestRendererTest {
  private static List<PolicyTestRunner.SuiteResult> negative() throws Exception {
    PolicyTests tests = PolicyTests.load(List.of(Path.of("testdata/policy-test/negative")));
    assertEquals(List.of(), tests.errors());
    return tests.run(Duration.ofSeconds(30));
  }

  @Test
  void text_negativeSuites_matchesGolden() throws Exception {
    StringWriter w = new StringWriter();
    PolicyTestRenderer.text(negative(), w);
    assertEquals(CommandOutputGoldenTest.golden("policy-test.negative.txt", w.toString()), w.toString());
  }

  @Test
  void junit_negativeSuites_matchesGoldenAndValidates() throws Exception {
    StringWriter w = new StringWriter();
    PolicyTestRenderer.junit(negative(), w);
    String xml = w.toString().replaceAll("time=\"[0-9.]+\"", "time=\"0\"");
    Schemas.validateJunit(xml);
    assertEquals(CommandOutputGoldenTest.golden("policy-test.negative.junit.xml", xml), xml);
    assertTrue(xml.contains("<testsuites name=\"verdict policy test\" tests=\"8\" failures=\"8\" errors=\"0\""),
        xml);
  }
}
