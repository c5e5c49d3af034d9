package dev.verdict.policy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One {@code kind: PolicyTest} file: the policies it loads and the cases it runs against them.
 *
 * @param name {@code metadata.name}, the JUnit test suite name
 * @param policies policy files and directories, resolved against the test file's directory
 * @param now the time the cases are judged at ({@code now:}, for expiry and maximum ages), or null for the clock
 */
public record PolicyTestSuite(String name, Path file, Location location, List<Path> policies,
    List<PolicyTestCase> cases, Instant now) {
  public PolicyTestSuite {
    if (name == null || file == null || location == null) {
      throw new IllegalArgumentException("a policy test suite needs a name, a file and a location");
    }
    policies = List.copyOf(policies);
    cases = List.copyOf(cases);
    if (policies.isEmpty() || cases.isEmpty()) {
      throw new IllegalArgumentException("policy test suite " + name + " needs policies and cases");
    }
  }
}
