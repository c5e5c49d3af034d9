package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.Finding;
import dev.verdict.policy.LoadResult;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicyTestLoader;
import dev.verdict.policy.PolicyTestSuite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point of {@code policy test}: test files loaded with their policies, then run through the engine
 * ({@link PolicyTestRunner}). Nothing runs while any test file or policy has an error.
 */
public final class PolicyTests {
  private final List<String> errors;
  private final Map<PolicyTestSuite, LoadResult> suites;

  private PolicyTests(List<String> errors, Map<PolicyTestSuite, LoadResult> suites) {
    this.errors = errors;
    this.suites = suites;
  }

  /** Loads the test files (a directory: every *.test.yaml / *.test.yml below it) and the policies they name. */
  public static PolicyTests load(List<Path> paths) {
    PolicyTestLoader.Result tests = PolicyTestLoader.load(paths);
    List<Finding> errors = new ArrayList<>(tests.findings().stream().filter(Finding::isError).toList());
    Map<PolicyTestSuite, LoadResult> policies = new LinkedHashMap<>();
    for (PolicyTestSuite suite : tests.suites()) {
      LoadResult loaded = PolicyLoader.lint(suite.policies());
      if (loaded.hasErrors()) {
        errors.addAll(loaded.errors());
      } else {
        policies.put(suite, loaded);
      }
    }
    // suites may share a broken policy
    return new PolicyTests(errors.stream().distinct().map(Finding::toString).toList(), policies);
  }

  /** Every error in the test files or their policies, once each, one line each; empty when the tests can run. */
  public List<String> errors() {
    return errors;
  }

  /** Runs every suite, each case with {@code timeout} as its deadline. */
  public List<PolicyTestRunner.SuiteResult> run(Duration timeout) throws ConfigException {
    List<PolicyTestRunner.SuiteResult> results = new ArrayList<>();
    try (RoutingImageSource source = new RoutingImageSource(RegistryOptions.defaults())) {
      PolicyTestRunner runner = new PolicyTestRunner(source, EngineOptions.defaults(), timeout);
      for (var e : suites.entrySet()) {
        results.add(runner.run(e.getKey(), e.getValue()));
      }
    }
    return results;
  }
}
