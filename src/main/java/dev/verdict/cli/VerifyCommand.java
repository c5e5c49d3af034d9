package dev.verdict.cli;

import dev.verdict.policy.AdHocPolicy;
import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.StandardInput;
import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.engine.EngineOptions;
import dev.verdict.engine.ImageTarget;
import dev.verdict.engine.LocalAttestation;
import dev.verdict.k8s.ImageOccurrence;
import dev.verdict.k8s.ManifestImages;
import dev.verdict.engine.Verifier;
import dev.verdict.engine.TrustMaterial;
import dev.verdict.oci.Platform;
import dev.verdict.oci.Reference;
import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicySet;
import dev.verdict.policy.SignedIdentity;
import dev.verdict.report.ExitCode;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Report;
import dev.verdict.trust.TrustRoots;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  /** About 100,000 references; more is not a list of images a CI job means. */
  static final long MAX_IMAGES_FILE_BYTES = 16L << 20;
  /** A name is at most 255 characters, an {@code oci:} path at most PATH_MAX (4096). */
  static final int MAX_REFERENCE_CHARS = 4200;

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

  @Option(names = "--trusted-root", paramLabel = "FILE|tuf", description = TrustedRootOption.DESCRIPTION,
      converter = TrustedRootOption.class)
  Path trustedRoot;

  @Option(names = "--require-fresh-trust", description = "Expired TUF metadata in the trust root cache is an error "
      + "(exit 4), not a warning.")
  boolean requireFreshTrust;

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

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Deadline per image, e.g. 30s, 2m.")
  String timeout = "60s";

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Allow plain HTTP to this registry (loopback registries always use HTTP).")
  List<String> insecure = new ArrayList<>();

  @Option(names = "--registry-ca", paramLabel = "PEM", description = "Extra CA certificates for registry TLS.")
  Path registryCa;

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

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
    Duration deadline = Durations.parse(timeout, "--timeout");
    if (parallel < 1 || parallel > 256) {
      throw new UsageException("--parallel must be between 1 and 256");
    }
    List<ImageTarget> targets = targets();
    PolicySet policySet = policySet();
    TrustRoots roots = TrustRoots.of(requireFreshTrust);
    TrustMaterial trust = TrustMaterial.load(policySet, trustedRoot, roots);
    TrustedRootOption.warn(spec.commandLine(), roots.warnings());
    List<LocalAttestation> local = new ArrayList<>();
    for (Path p : attestationFiles) {
      local.add(LocalAttestation.read(p));
    }
    EngineOptions options = new EngineOptions(platform == null ? null : platform(), Clock.systemUTC(), local);
    RegistryOptions registry = new RegistryOptions(new HashSet<>(insecure), registryCa, null,
        RegistryOptions.defaults().timeout(), RegistryOptions.defaults().maxRetries());
    List<ImageResult> results;
    List<String> flags = platform == null ? List.of() : List.of("--platform=" + platform);
    try (Verifier verifier = Verifier.open(new Verifier.Config(policySet, trust, options, registry, flags))) {
      Progress progress = Progress.start(targets.size(), !output.quiet);
      results = verifier.decideAll(targets, parallel, deadline, r -> progress.done());
      progress.finish();
    }
    Report report = Report.of(Version.get(), results);
    int code = ExitCode.of(report, failOnWarn);
    // report-only rollout: a deny is reported, not enforced; "could not decide" (4) is no verdict and still fails
    code = failOn.equals("never") && code == ExitCode.DENY ? ExitCode.ALLOW : code;
    output.write(report, out, code);
    return code;
  }

  private Platform platform() throws UsageException {
    try {
      return Platform.parse(platform);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--platform: " + e.getMessage());
    }
  }

  private PolicySet policySet() throws VerdictException {
    AdHocPolicy.IdentityOptions id = keyless.identityOptions();
    AdHocPolicy.KeylessOptions claims = new AdHocPolicy.KeylessOptions(keyless.githubClaims(),
        keyless.githubFlags(), keyless.ignoreTlog, keyless.ignoreSct);
    boolean adHoc = !keys.isEmpty() || id.any();
    if (!policies.isEmpty()) {
      if (adHoc || claims.any() || signedIdentity != null || !remaps.isEmpty()) {
        throw new UsageException("--policy cannot be combined with ad-hoc flags (--key, --certificate-*, "
            + "--insecure-ignore-*, --signed-identity*); put them in the policy");
      }
      dev.verdict.policy.LoadResult loaded = PolicyLoader.loadAll(policies);
      PolicySet images = PolicyLoader.images(loaded, policies);
      // an SbomPolicy constrains no image: it can neither allow nor deny one, so verify leaves it out, and says so
      for (dev.verdict.policy.SbomPolicy p : loaded.sbomPolicies()) {
        spec.commandLine().getErr().println("verdict: note: " + p.location() + ": SbomPolicy '" + p.name()
            + "' constrains no image; verify ignores it (sbom check and policy test use it)");
      }
      spec.commandLine().getErr().flush();
      return images;
    }
    if (!adHoc) {
      throw new UsageException("nothing to verify against: give --policy FILE|DIR, or --key FILE, or "
          + "--certificate-identity(-regexp) with --certificate-oidc-issuer(-regexp)");
    }
    return AdHocPolicy.build(keys, id, claims, trustedRoot, signedIdentityRule());
  }

  private SignedIdentity signedIdentityRule() throws UsageException {
    if (!remaps.isEmpty()) {
      if (signedIdentity != null) {
        throw new UsageException("--signed-identity and --signed-identity-remap are exclusive");
      }
      List<SignedIdentity.Remap> list = new ArrayList<>();
      for (String r : remaps) {
        int eq = r.indexOf('=');
        if (eq <= 0 || eq == r.length() - 1) {
          throw new UsageException("--signed-identity-remap '" + r + "': expected FROM=SIGNED_AS");
        }
        try {
          list.add(new SignedIdentity.Remap(r.substring(0, eq), r.substring(eq + 1)));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--signed-identity-remap '" + r + "': " + e.getMessage());
        }
      }
      return new SignedIdentity(SignedIdentity.Kind.REMAP, list);
    }
    if (signedIdentity == null) {
      return SignedIdentity.REPOSITORY;
    }
    return switch (signedIdentity) {
      case "repository" -> SignedIdentity.REPOSITORY;
      case "exact" -> new SignedIdentity(SignedIdentity.Kind.EXACT, List.of());
      case "any" -> new SignedIdentity(SignedIdentity.Kind.ANY, List.of());
      default -> throw new UsageException("--signed-identity must be repository, exact or any");
    };
  }

  /** Every image once, in first-seen order, with every place it was named. */
  private List<ImageTarget> targets() throws VerdictException {
    Map<String, List<Origin>> seen = new LinkedHashMap<>();
    Map<String, Reference> parsed = new LinkedHashMap<>();
    for (String image : images) {
      try {
        add(seen, parsed, image, Origin.COMMAND_LINE);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    long dashes = manifests.stream().filter(StandardInput::is).count() + (StandardInput.is(imagesFile) ? 1 : 0);
    if (dashes > 1) {
      throw new UsageException("standard input (-) can be read once: give - to one of --manifests and --images-file");
    }
    if (imagesFile != null) {
      List<String> lines = imagesFileLines();
      String imagesName = StandardInput.is(imagesFile) ? StandardInput.LABEL : imagesFile.toString();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        int hash = line.indexOf('#');
        if (hash >= 0) {
          line = line.substring(0, hash).strip();
        }
        if (line.length() > MAX_REFERENCE_CHARS) {
          // not echoed: the error is one line, and this one could be megabytes
          throw new ConfigException(imagesName, i + 1, 0, null, "not an image reference (longer than "
              + MAX_REFERENCE_CHARS + " characters)");
        }
        if (!line.isEmpty()) {
          try {
            add(seen, parsed, line, new Origin(imagesName, i + 1, 0, null));
          } catch (IllegalArgumentException e) {
            throw new ConfigException(imagesName, i + 1, 0, null, e.getMessage());
          }
        }
      }
    }
    if (!manifests.isEmpty()) {
      for (ImageOccurrence o : ManifestImages.extract(manifests, stdin)) {
        try {
          add(seen, parsed, o.image(), o.origin());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(o.origin().file(), o.origin().line(), 0, o.origin().path(), e.getMessage());
        }
      }
    }
    if (seen.isEmpty()) {
      throw new UsageException(manifests.isEmpty() ? "no images given (IMAGE..., --images-file, --manifests)"
          : "no container images found in " + manifests);
    }
    List<ImageTarget> out = new ArrayList<>();
    seen.forEach((given, origins) -> out.add(new ImageTarget(given, parsed.get(given), origins)));
    return out;
  }

  /** The images file's lines; {@code -} is standard input, bounded the same. */
  private List<String> imagesFileLines() throws ConfigException {
    boolean dash = StandardInput.is(imagesFile);
    try {
      byte[] bytes = dash ? InputFiles.read(stdin, MAX_IMAGES_FILE_BYTES)
          : InputFiles.read(imagesFile, MAX_IMAGES_FILE_BYTES);
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
    } catch (IOException e) {
      throw new ConfigException(dash ? StandardInput.LABEL : imagesFile.toString(), 0, 0, null,
          "cannot read images file: " + InputFiles.reason(e), e);
    }
  }

  private static void add(Map<String, List<Origin>> seen, Map<String, Reference> parsed, String image,
      Origin origin) {
    Reference ref = Reference.parse(image);
    if (ref.isLayout() && !Files.isDirectory(ref.layout())) {
      throw new IllegalArgumentException("OCI layout directory " + ref.layout() + " does not exist");
    }
    seen.computeIfAbsent(image, k -> new ArrayList<>()).add(origin);
    parsed.putIfAbsent(image, ref);
  }
}
