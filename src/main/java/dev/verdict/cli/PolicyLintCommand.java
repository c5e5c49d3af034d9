package dev.verdict.cli;

import dev.verdict.engine.PolicyLint;
import dev.verdict.report.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verdict policy lint P...}: every error and warning in policy files, one line each, for editors and CI. */
@Command(name = "lint", mixinStandardHelpOptions = true,
    description = "Checks policy files and directories (*.yaml, *.yml, *.json) and prints every problem as "
        + "FILE:LINE:COLUMN: error|warning: FIELD: MESSAGE.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no errors (warnings may be printed)", "3:at least one error (or a warning, with --strict)"})
public final class PolicyLintCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "POLICY", description = "policy file or directory")
  List<Path> paths;

  @Option(names = "--strict", description = "treat warnings as errors (exit 3)")
  boolean strict;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PolicyLint result = PolicyLint.of(paths);
    PrintWriter out = spec.commandLine().getOut();
    for (String f : result.findings()) {
      out.println(f);
    }
    out.flush();
    boolean fail = result.hasErrors() || (strict && !result.findings().isEmpty());
    return fail ? ExitCode.CONFIG : ExitCode.ALLOW;
  }
}
