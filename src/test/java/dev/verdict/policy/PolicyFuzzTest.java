package dev.verdict.policy;

import static dev.verdict.testing.Fuzzing.expect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verdict.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz tests (regression corpus in src/test/resources/dev/verdict/policy/PolicyFuzzTestInputs/; longer runs with
 * bench/fuzz.sh) for policy files: {@code policy lint} and {@code load} either report findings (errors with file and
 * line) or load policies that can then match references, never anything else.
 */
class PolicyFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("verdict-policy-fuzz");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void lint_anyFile_findingsOrPolicies(byte[] input) throws Throwable {
    Path file = DIR.resolve(input.length > 0 && input[0] == '{' ? "fuzz.json" : "fuzz.yaml");
    Files.write(file, input);
    try {
      expect(() -> {
        LoadResult r = PolicyLoader.lint(List.of(file));
        for (Finding f : r.findings()) {
          if (f.message() == null || f.message().isBlank()) {
            throw new AssertionError("finding without a message: " + f);
          }
        }
        for (String ref : new String[] {"registry.example/team/app@sha256:" + "a".repeat(64), "docker.io/library/x:1",
            "localhost:5000/a/b/c:v1"}) {
          r.policies().matching(ref);
        }
      });
      expect(() -> PolicyLoader.load(List.of(file)), ConfigException.class);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
