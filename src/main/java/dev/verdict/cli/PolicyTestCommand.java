package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.engine.EngineOptions;
import dev.verdict.engine.RoutingImageSource;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.Finding;
import dev.verdict.policy.LoadResult;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicySet;
import dev.verdict.policy.PolicyTestLoader;
import dev.verdict.policy.PolicyTestSuite;
import dev.verdict.report.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--format", paramLabel = "FMT[=FILE]",
      description = "text (default) or junit; repeat with =FILE to write both, e.g. --format junit=policy-tests.xml.")
  List<String> formats = new ArrayList<>();

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML to FILE (same as --format "
      + "junit=FILE).")
  Path junit;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Deadline per case, e.g. 30s, 2m.")
  String timeout = "60s";

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Map<String, Path> targets = targets();
    Duration deadline = Durations.parse(timeout, "--timeout");
    PrintWriter err = spec.commandLine().getErr();
    PolicyTestLoader.Result tests = PolicyTestLoader.load(paths);
    List<Finding> errors = new ArrayList<>(tests.findings().stream().filter(Finding::isError).toList());
    Map<PolicyTestSuite, PolicySet> policies = new LinkedHashMap<>();
    for (PolicyTestSuite suite : tests.suites()) {
      LoadResult loaded = PolicyLoader.lint(suite.policies());
      if (loaded.hasErrors()) {
        errors.addAll(loaded.errors());
      } else {
        policies.put(suite, loaded.policies());
      }
    }
    if (!errors.isEmpty()) {
      List<Finding> distinct = errors.stream().distinct().toList(); // suites may share a broken policy
      distinct.forEach(err::println);
      err.println("verdict: " + distinct.size() + " error(s) in policy tests or their policies; no case was run");
      err.flush();
      return ExitCode.CONFIG;
    }
    List<PolicyTestRunner.SuiteResult> results = new ArrayList<>();
    try (RoutingImageSource source = new RoutingImageSource(RegistryOptions.defaults())) {
      PolicyTestRunner runner = new PolicyTestRunner(source, EngineOptions.defaults(), deadline);
      for (var e : policies.entrySet()) {
        results.add(runner.run(e.getKey(), e.getValue()));
      }
    }
    int code = PolicyTestOutput.failed(results) > 0 ? ExitCode.DENY : ExitCode.ALLOW;
    write(targets, results, code);
    return code;
  }

  /** Format to file (null: standard output), validated before anything runs. */
  private Map<String, Path> targets() throws UsageException {
    Map<String, Path> out = new LinkedHashMap<>();
    List<String> given = new ArrayList<>(formats);
    if (junit != null) {
      given.add("junit=" + junit);
    }
    boolean toStdout = false;
    for (String f : given) {
      int eq = f.indexOf('=');
      String name = eq < 0 ? f : f.substring(0, eq);
      if (!name.equals("text") && !name.equals("junit")) {
        throw new UsageException("unknown --format '" + name + "' (policy test writes text or junit)");
      }
      if (eq < 0 && toStdout) {
        throw new UsageException("only one --format may go to standard output; give the others =FILE");
      }
      toStdout |= eq < 0;
      if (out.containsKey(name)) {
        throw new UsageException("--format " + name + " given twice");
      }
      out.put(name, eq < 0 ? null : Path.of(f.substring(eq + 1)));
    }
    if (!toStdout && !out.containsKey("text")) {
      out.put("text", null);
    }
    return out;
  }

  /** As verify: a report that cannot be written is one line; failed cases stay exit 1, a pass becomes 4. */
  private void write(Map<String, Path> targets, List<PolicyTestRunner.SuiteResult> results, int code)
      throws Exception {
    List<String> failed = new ArrayList<>();
    IOException first = null;
    for (Map.Entry<String, Path> t : targets.entrySet()) {
      if (t.getValue() == null) {
        Writer out = spec.commandLine().getOut();
        render(t.getKey(), results, out);
        continue;
      }
      try {
        Path parent = t.getValue().toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(t.getValue(), StandardCharsets.UTF_8)) {
          render(t.getKey(), results, w);
        }
      } catch (IOException e) {
        failed.add("could not write the " + t.getKey() + " report to " + t.getValue() + ": "
            + dev.verdict.InputFiles.reason(e));
        first = first == null ? e : first;
      }
    }
    if (!failed.isEmpty()) {
      throw new dev.verdict.report.ReportWriteException(String.join("; ", failed), code, first);
    }
  }

  private static void render(String format, List<PolicyTestRunner.SuiteResult> results, Writer w)
      throws IOException {
    if (format.equals("junit")) {
      PolicyTestOutput.junit(results, w);
    } else {
      PolicyTestOutput.text(results, w);
    }
    w.flush();
  }
}
