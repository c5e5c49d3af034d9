package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.engine.TrustStore;
import dev.verdict.report.ExitCode;
import dev.verdict.report.TrustRootRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verdict trust show}: what a trusted root trusts, with validity windows. Offline. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Lists what a Sigstore trusted root trusts: certificate authorities (Fulcio), transparency logs "
        + "(Rekor), CT logs and timestamp authorities, each with its validity window.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "2:usage error", "3:invalid trusted root, or no cached trust root",
        "4:cached TUF metadata expired and --require-fresh-trust"})
final class TrustShowCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--trusted-root", paramLabel = "FILE|tuf", converter = TrustedRootOption.class,
      description = "The trusted root to show (default: tuf, the cached one).")
  Path trustedRoot = TrustStore.TUF;

  @Option(names = "--require-fresh-trust", description = "Expired TUF metadata is an error (exit 4).")
  boolean requireFreshTrust;

  @Option(names = {"-o", "--format"}, paramLabel = "text|json", description = "Output format (default: text).")
  String format = "text";

  @Option(names = "--debug", description = "Stack traces on errors.")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format must be text or json, not " + format);
    }
    TrustStore.Shown shown = TrustStore.show(trustedRoot, requireFreshTrust,
        w -> TrustedRootOption.warn(spec.commandLine(), List.of(w)));
    TrustRootRenderer.render(format, shown, spec.commandLine().getOut());
    return ExitCode.ALLOW;
  }
}
