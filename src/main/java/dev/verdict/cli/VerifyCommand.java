package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.engine.ImageTarget;
import dev.verdict.engine.ImageTargets;
import dev.verdict.engine.Verifier;
import dev.verdict.engine.VerifierSetup;
import dev.verdict.report.ExitCode;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verdict verify}: the CI gate. Resolves, verifies and judges every image, renders, and exits. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Verify images against policies (--policy) or cosign-like ad-hoc flags (--key, "
        + "--certificate-identity ...).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every image allowed", "1:at least one image denied", "2:usage error",
        "3:invalid policy or configuration", "4:could not decide (registry, auth, timeout, trust material)"})
final class VerifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "IMAGE", arity = "0..*",
      description = "registry/repo:tag, registry/repo@sha256:..., or oci:PATH[:tag|@sha256:...]")
  List<String> images = new ArrayList<>();

  @Option(names = "--images-file", paramLabel = "FILE",
      description = "File with one image reference per line; - reads standard input.")
  Path imagesFile;

  @Option(names = "--manifests", paramLabel = "PATH",
      description = "Kubernetes YAML/JSON files or directories (helm template, kustomize build output): verify "
          + "every container image of every workload in them; - reads standard input.")
  List<Path> manifests = new ArrayList<>();

  @Option(names = {"-p", "--policy"}, paramLabel = "FILE|DIR", description = "Policy files or directories.")
  List<Path> policies = new ArrayList<>();

  @Option(names = "--key", paramLabel = "FILE", description = "Ad hoc: PEM public key (repeatable; any one).")
  List<Path> keys = new ArrayList<>();

  @Mixin
  KeylessFlags keyless = new KeylessFlags();

  @Option(names = "--attestation", paramLabel = "FILE",
      description = "Attestation file (DSSE envelope or Sigstore bundle) to consider for every image, beside what "
          + "is attached in the registry (local pre-deploy checks). Repeatable.")
  List<Path> attestationFiles = new ArrayList<>();

  @Mixin
  TrustOptions trust = new TrustOptions();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--signed-identity", paramLabel = "repository|exact|any",
      description = "Ad hoc: how a signature must name the image (default: repository).")
  String signedIdentity;

  @Option(names = "--signed-identity-remap", paramLabel = "FROM=SIGNED_AS",
      description = "Ad hoc: images under FROM were signed as SIGNED_AS (mirrors, relocated images).")
  List<String> remaps = new ArrayList<>();

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "Also resolve this platform's manifest of a multi-arch index and report it.")
  String platform;

  @Option(names = "--fail-on", paramLabel = "deny|warn|never",
      description = "deny (default): a denied image fails the run (exit 1); warn: warnings fail it too; never: "
          + "report only, exit 0 even on deny (usage, configuration and could-not-decide errors still exit 2, 3, 4).")
  String failOn = "deny";

  @Option(names = "--parallel", paramLabel = "N", description = "Images verified at once (default 4).")
  int parallel = 4;

  @Mixin
  TimeoutOption timeout = new TimeoutOption();

  @Mixin
  RegistryFlags registry = new RegistryFlags();

  @Mixin
  DebugOption debug = new DebugOption();

  @Mixin
  OutputOptions output = new OutputOptions();

  private final PrintStream out;
  private final InputStream stdin;

  VerifyCommand(PrintStream out) {
    this(out, System.in);
  }

  VerifyCommand(PrintStream out, InputStream stdin) {
    this.out = out;
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws VerdictException, IOException {
    boolean failOnWarn = switch (failOn) {
      case "warn" -> true;
      case "deny", "never" -> false;
      default -> throw new UsageException("--fail-on must be deny, warn or never, not '" + failOn + "'");
    };
    output.targets();
    Duration deadline = timeout.deadline();
    if (parallel < 1 || parallel > 256) {
      throw new UsageException("--parallel must be between 1 and 256");
    }
    List<ImageTarget> targets = ImageTargets.collect(images, imagesFile, manifests, stdin);
    VerifierSetup setup = new VerifierSetup(policies, keys, keyless.values(), signedIdentity, remaps,
        trust.trustedRoot, trust.requireFreshTrust, attestationFiles, platform, registry.insecure(),
        registry.registryCa);
    PrintWriter err = spec.commandLine().getErr();
    List<ImageResult> results;
    try (Verifier verifier = setup.open(note -> err.println("verdict: note: " + note),
        warning -> TrustedRootOption.warn(spec.commandLine(), List.of(warning)))) {
      Progress progress = Progress.start(targets.size(), !output.quiet);
      results = verifier.decideAll(targets, parallel, deadline, r -> progress.done());
      progress.finish();
    }
    Report report = Report.of(Version.get(), results);
    int code = ExitCode.of(report, failOnWarn, !failOn.equals("never"));
    output.write(report, out, code);
    return code;
  }
}
