package dev.verdict.cli;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.Json;
import dev.verdict.UsageException;
import dev.verdict.report.ExitCode;
import dev.verdict.trust.TrustCache;
import dev.verdict.trust.TufUpdate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

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
  /** A TUF root.json is a few kilobytes. */
  private static final long MAX_ROOT_BYTES = 1L << 20;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--mirror", paramLabel = "URL|DIR", description = "A TUF repository: an http(s) mirror, or a "
      + "directory holding a copy of one (air-gapped). Default: the cached repository's, else " + TufUpdate.PUBLIC_GOOD
      + ".")
  String mirror;

  @Option(names = "--root", paramLabel = "ROOT.json", description = "The TUF root.json to trust first (a private "
      + "Sigstore). Default: the cached repository's, else the built-in public-good root.")
  Path root;

  @Option(names = "--debug", description = "Stack traces on errors.")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    if (root != null && mirror == null) {
      throw new UsageException("--root needs --mirror (the repository that root.json belongs to)");
    }
    byte[] initial = null;
    if (root != null) {
      try {
        initial = InputFiles.read(root, MAX_ROOT_BYTES);
      } catch (IOException e) {
        throw new ConfigException(root, "cannot read TUF root: " + InputFiles.reason(e), e);
      }
      checkRoot(root, initial);
    }
    TrustCache cache = TrustCache.locate();
    TufUpdate.Result r = TufUpdate.run(cache, mirror, initial);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Updated trust root cache " + cache.dir() + " from " + r.mirror() + " (TUF root v"
        + r.rootVersion() + ", targets v" + r.targetsVersion() + ")");
    out.println("Use it with --trusted-root tuf, or trustedRoot: tuf in a policy; 'verdict trust show' lists it.");
    out.flush();
    return ExitCode.ALLOW;
  }

  /** A TUF root.json, in shape: bad files are exit 3 naming the file, before anything is fetched. */
  static void checkRoot(Path file, byte[] bytes) throws ConfigException {
    JsonNode doc;
    try {
      doc = Json.mapper().readTree(bytes);
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(file, "not a TUF root.json: not valid JSON: " + m, e);
    }
    if (doc == null || !doc.isObject() || !doc.path("signatures").isArray()
        || !"root".equals(doc.path("signed").path("_type").asString(""))
        || !doc.path("signed").path("version").isIntegralNumber()) {
      throw new ConfigException(file, "not a TUF root.json (expected {\"signed\": {\"_type\": \"root\", "
          + "\"version\": N, ...}, \"signatures\": [...]})");
    }
  }
}
