package dev.verdict.cli;

import dev.verdict.report.ExitCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verdict version}: the version and build details a bug report needs. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print the version, the commit it was built from, the Java runtime and the enabled features.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:usage error"})
final class VersionCommand implements Callable<Integer> {
  @Option(names = "--short", description = "Print the version number only.")
  boolean versionOnly;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (versionOnly) {
      out.println(Version.get());
    } else {
      Version.details().forEach(out::println);
    }
    out.flush();
    return ExitCode.ALLOW;
  }
}
