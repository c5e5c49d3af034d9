package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.engine.TrustStore;
import dev.verdict.report.ExitCode;
import dev.verdict.report.TrustRootRenderer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verdict trust show}: what a trusted root trusts, with validity windows. Offline. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Lists what a Sigstore trusted root trusts: certificate authorities (Fulcio), transparency logs "
        + "(Rekor), CT logs and timestamp authorities, each with its validity window. Without --trusted-root: the "
        + "cached one (tuf).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "2:usage error", "3:invalid trusted root, or no cached trust root",
        "4:cached TUF metadata expired and --require-fresh-trust"})
final class TrustShowCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  TrustOptions trust = new TrustOptions();

  @Option(names = {"-o", "--format"}, paramLabel = "text|json", description = "Output format (default: text).")
  String format = "text";

  @Mixin
  DebugOption debug = new DebugOption();

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format must be text or json, not " + format);
    }
    TrustStore.Shown shown = TrustStore.show(trust.trustedRoot == null ? TrustStore.TUF : trust.trustedRoot,
        trust.requireFreshTrust,
        w -> TrustedRootOption.warn(spec.commandLine(), List.of(w)));
    TrustRootRenderer.render(format, shown, spec.commandLine().getOut());
    return ExitCode.ALLOW;
  }
}
