package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.engine.PolicyTestRunner;
import dev.verdict.engine.PolicyTests;
import dev.verdict.report.ExitCode;
import dev.verdict.report.PolicyTestRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verdict policy test PATH...}: data-driven policy unit tests (README, "Policy tests"). */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs policy tests: each kind: PolicyTest file names policies, images (OCI layouts) and the "
        + "expected verdict and checks. A directory means every *.test.yaml / *.test.yml below it.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every case passed", "1:at least one case failed", "2:usage error",
        "3:invalid policy test file or policy (every error is listed)"})
public final class PolicyTestCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "policy test file or directory")
  List<Path> paths;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "Format on standard output: text "
      + "(default) or junit.")
  String output;

  @Option(names = "--format", paramLabel = "FMT=FILE", description = "Also write format FMT (text, junit) to FILE; "
      + "repeatable, e.g. --format junit=policy-tests.xml. Without =FILE, the same as -o FMT.")
  List<String> formats = new ArrayList<>();

  @Option(names = "--output-file", paramLabel = "FILE", description = "Write the -o format to FILE instead of "
      + "standard output.")
  Path outputFile;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML to FILE (same as --format "
      + "junit=FILE).")
  Path junit;

  @Mixin
  TimeoutOption timeout = new TimeoutOption();

  @Mixin
  DebugOption debug = new DebugOption();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<OutputTargets.Target> targets = targets();
    Duration deadline = timeout.deadline();
    PrintWriter err = spec.commandLine().getErr();
    PolicyTests tests = PolicyTests.load(paths);
    if (!tests.errors().isEmpty()) {
      tests.errors().forEach(err::println);
      err.println("verdict: " + tests.errors().size() + " error(s) in policy tests or their policies; no case was run");
      err.flush();
      return ExitCode.CONFIG;
    }
    List<PolicyTestRunner.SuiteResult> results = tests.run(deadline);
    int code = PolicyTestRenderer.failed(results) > 0 ? ExitCode.DENY : ExitCode.ALLOW;
    write(targets, results, code);
    return code;
  }

  /** Format to file (null: standard output), validated before anything runs. */
  private List<OutputTargets.Target> targets() throws UsageException {
    List<String> given = new ArrayList<>(formats);
    if (junit != null) {
      given.add("junit=" + junit);
    }
    return OutputTargets.parse(output, given, outputFile, List.of("text", "junit"));
  }

  /** As verify: a report that cannot be written is one line; failed cases stay exit 1, a pass becomes 4. */
  private void write(List<OutputTargets.Target> targets, List<PolicyTestRunner.SuiteResult> results, int code)
      throws Exception {
    OutputTargets.write(targets, spec.commandLine().getOut(), (f, w, toStdout) -> render(f, results, w), code);
  }

  private static void render(String format, List<PolicyTestRunner.SuiteResult> results, Writer w)
      throws IOException {
    if (format.equals("junit")) {
      PolicyTestRenderer.junit(results, w);
    } else {
      PolicyTestRenderer.text(results, w);
    }
    w.flush();
  }
}
