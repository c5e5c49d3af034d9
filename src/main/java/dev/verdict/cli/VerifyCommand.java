package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.mixin;
import static dev.verdict.cli.CodeModel.option;

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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code verdict verify}: the CI gate. Resolves, verifies and judges every image, renders, and exits. Its model is
 * built in code ({@link #spec}), not from annotations: a CI gate starts it on every run, and reflecting over
 * annotations was a large share of its start-up (see {@link CodeModel}).
 */
final class VerifyCommand implements Callable<Integer> {
  List<String> images = new ArrayList<>();
  Path imagesFile;
  List<Path> manifests = new ArrayList<>();
  List<Path> policies = new ArrayList<>();
  List<Path> keys = new ArrayList<>();
  KeylessFlags keyless = new KeylessFlags();
  List<Path> attestationFiles = new ArrayList<>();
  TrustOptions trust = new TrustOptions();
  CommandSpec spec;
  String signedIdentity;
  List<String> remaps = new ArrayList<>();
  String platform;
  String failOn = "deny";
  int parallel = 4;
  TimeoutOption timeout = new TimeoutOption();
  RegistryFlags registry = new RegistryFlags();
  DebugOption debug = new DebugOption();
  OutputOptions output = new OutputOptions();

  /** The command's model, bound to a new command writing to {@code out} and reading {@code -} from {@code in}. */
  static CommandSpec spec(PrintStream out, InputStream in) {
    VerifyCommand c = new VerifyCommand(out, in);
    CommandSpec s = CommandSpec.wrapWithoutInspection(c);
    c.spec = s;
    s.name("verify");
    s.usageMessage().description("Verify images against policies (--policy) or cosign-like ad-hoc flags (--key, "
        + "--certificate-identity ...).").sortOptions(false);
    CodeModel.exitCodes(s, "every image allowed", "at least one image denied", "usage error",
        "invalid policy or configuration", "could not decide (registry, auth, timeout, trust material)");
    CodeModel.Binding<List<String>> images = field(() -> c.images, v -> c.images = v);
    s.addPositional(PositionalParamSpec.builder().paramLabel("IMAGE").arity("0..*").type(List.class)
        .auxiliaryTypes(String.class).description("registry/repo:tag, registry/repo@sha256:..., or "
            + "oci:PATH[:tag|@sha256:...]").descriptionKey("").getter(images).setter(images)
        .initialValue(c.images).hasInitialValue(true).build());
    s.addOption(option(Path.class, field(() -> c.imagesFile, v -> c.imagesFile = v), "FILE",
        "File with one image reference per line; - reads standard input.", "--images-file").build());
    s.addOption(option(List.class, field(() -> c.manifests, v -> c.manifests = v), "PATH",
        "Kubernetes YAML/JSON files or directories (helm template, kustomize build output): verify every container "
            + "image of every workload in them; - reads standard input.", "--manifests")
        .auxiliaryTypes(Path.class).build());
    s.addOption(option(List.class, field(() -> c.policies, v -> c.policies = v), "FILE|DIR",
        "Policy files or directories.", "-p", "--policy").auxiliaryTypes(Path.class).build());
    s.addOption(option(List.class, field(() -> c.keys, v -> c.keys = v), "FILE",
        "Ad hoc: PEM public key (repeatable; any one).", "--key").auxiliaryTypes(Path.class).build());
    mixin(s, "keyless", c.keyless::addTo);
    s.addOption(option(List.class, field(() -> c.attestationFiles, v -> c.attestationFiles = v), "FILE",
        "Attestation file (DSSE envelope or Sigstore bundle) to consider for every image, beside what is attached "
            + "in the registry (local pre-deploy checks). Repeatable.", "--attestation")
        .auxiliaryTypes(Path.class).build());
    mixin(s, "trust", c.trust::addTo);
    s.addOption(option(String.class, field(() -> c.signedIdentity, v -> c.signedIdentity = v),
        "repository|exact|any", "Ad hoc: how a signature must name the image (default: repository).",
        "--signed-identity").build());
    s.addOption(option(List.class, field(() -> c.remaps, v -> c.remaps = v), "FROM=SIGNED_AS",
        "Ad hoc: images under FROM were signed as SIGNED_AS (mirrors, relocated images).", "--signed-identity-remap")
        .auxiliaryTypes(String.class).build());
    s.addOption(option(String.class, field(() -> c.platform, v -> c.platform = v), "OS/ARCH[/VARIANT]",
        "Also resolve this platform's manifest of a multi-arch index and report it.", "--platform").build());
    s.addOption(option(String.class, field(() -> c.failOn, v -> c.failOn = v), "deny|warn|never",
        "deny (default): a denied image fails the run (exit 1); warn: warnings fail it too; never: report only, exit "
            + "0 even on deny (usage, configuration and could-not-decide errors still exit 2, 3, 4).", "--fail-on")
        .build());
    s.addOption(option(int.class, field(() -> c.parallel, v -> c.parallel = v), "N",
        "Images verified at once (default 4).", "--parallel").build());
    mixin(s, "timeout", c.timeout::addTo);
    mixin(s, "registry", c.registry::addTo);
    mixin(s, "debug", c.debug::addTo);
    mixin(s, "output", c.output::addTo);
    CodeModel.standardHelp(s);
    return s;
  }

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
