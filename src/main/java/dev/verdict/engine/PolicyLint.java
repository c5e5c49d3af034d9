package dev.verdict.engine;

import dev.verdict.policy.Finding;
import dev.verdict.policy.LoadResult;
import dev.verdict.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry point of {@code policy lint}: every error and warning in policy files.
 *
 * @param findings one line each, {@code FILE:LINE:COLUMN: error|warning: FIELD: MESSAGE}
 * @param hasErrors whether any finding is an error (the others are warnings)
 */
public record PolicyLint(List<String> findings, boolean hasErrors) {
  public PolicyLint {
    findings = List.copyOf(findings);
  }

  /** Lints the policy files and directories. */
  public static PolicyLint of(List<Path> paths) {
    LoadResult result = PolicyLoader.lint(paths);
    return new PolicyLint(result.findings().stream().map(Finding::toString).toList(), result.hasErrors());
  }
}
