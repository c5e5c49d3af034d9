package dev.verdict.cli;

import dev.verdict.engine.ArtifactVerification;
import dev.verdict.report.ArtifactRenderer;
import dev.verdict.report.ExitCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verdict verify-artifact}: a file or digest against a Sigstore bundle, offline. */
@Command(name = "verify-artifact", mixinStandardHelpOptions = true,
    description = "Verifies a file or digest against a Sigstore bundle (v0.1-v0.3), offline.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:verified", "1:not verified", "2:usage error", "3:invalid key, trusted root or bundle file, "
        + "or no cached trust root", "4:cached TUF metadata expired and --require-fresh-trust"})
public final class VerifyArtifactCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|sha256:HEX", description = "The artifact, or its sha256/sha512 digest.")
  String artifact;

  @Option(names = "--bundle", required = true, paramLabel = "B", description = "The Sigstore bundle (JSON).")
  Path bundle;

  @Option(names = "--key", paramLabel = "K", description = "PEM public key of the signer.")
  Path key;

  @Mixin
  KeylessFlags keyless = new KeylessFlags();

  @Mixin
  TrustOptions trust = new TrustOptions();

  @Option(names = "--certificate-extension", paramLabel = "NAME=VALUE",
      description = "Required Fulcio claim, e.g. sourceRepositoryURI=https://github.com/acme/app (repeatable).")
  Map<String, String> extensions = new LinkedHashMap<>();

  @Mixin
  TextJsonOutput outputFlags = new TextJsonOutput();

  @Mixin
  DebugOption debug = new DebugOption();

  @Override
  public Integer call() throws Exception {
    List<OutputTargets.Target> targets = outputFlags.targets();
    ArtifactVerification request = new ArtifactVerification(artifact, bundle, key, keyless.values(),
        trust.trustedRoot, trust.requireFreshTrust, extensions);
    ArtifactVerification.Result r = request.verify(w -> TrustedRootOption.warn(spec.commandLine(), List.of(w)));
    int code = r.verified() ? ExitCode.ALLOW : ExitCode.DENY;
    OutputTargets.write(targets, spec.commandLine().getOut(), (f, w, toStdout) -> ArtifactRenderer.render(f, r, w),
        code);
    return code;
  }
}
