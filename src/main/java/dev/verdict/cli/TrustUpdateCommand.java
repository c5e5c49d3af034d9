package dev.verdict.cli;

import dev.verdict.engine.TrustStore;
import dev.verdict.report.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code verdict trust update}: refreshes the cached trusted root through TUF (the only command that fetches it). */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = {"Fetches the Sigstore trusted root through TUF (sigstore-java's client) into the cache: "
        + "$VERDICT_CACHE_DIR, else $XDG_CACHE_HOME/verdict, else ~/.cache/verdict.",
        "Default: the public-good repository (its root.json is built in). A failed update leaves the cached "
        + "trusted root as it was."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:updated (or already current)", "2:usage error", "3:bad --root or --mirror, or cache not "
        + "writable", "4:mirror unreachable, or TUF refused what it served (signatures, rollback, expiry, hashes)"})
final class TrustUpdateCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--mirror", paramLabel = "URL|DIR", description = "A TUF repository: an http(s) mirror, or a "
      + "directory holding a copy of one (air-gapped). Default: the cached repository's, else " + TrustStore.PUBLIC_GOOD
      + ".")
  String mirror;

  @Option(names = "--root", paramLabel = "ROOT.json", description = "The TUF root.json to trust first (a private "
      + "Sigstore). Default: the cached repository's, else the built-in public-good root.")
  Path root;

  @Mixin
  DebugOption debug = new DebugOption();

  @Override
  public Integer call() throws Exception {
    TrustStore.Updated r = TrustStore.update(mirror, root);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Updated trust root cache " + r.cache() + " from " + r.mirror() + " (TUF root v"
        + r.rootVersion() + ", targets v" + r.targetsVersion() + ")");
    out.println("Use it with --trusted-root tuf, or trustedRoot: tuf in a policy; 'verdict trust show' lists it.");
    out.flush();
    return ExitCode.ALLOW;
  }
}
