package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.mixin;
import static dev.verdict.cli.CodeModel.option;

import dev.verdict.engine.ArtifactVerification;
import dev.verdict.report.ArtifactRenderer;
import dev.verdict.report.ExitCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code verdict verify-artifact}: a file or digest against a Sigstore bundle, offline. Its model is built in code
 * ({@link #spec()}), not from annotations: it is the command a CI gate runs most, and reflecting over annotations
 * was about a fifth of its run (see {@link CodeModel}).
 */
public final class VerifyArtifactCommand implements Callable<Integer> {
  CommandSpec spec;
  String artifact;
  Path bundle;
  Path key;
  KeylessFlags keyless = new KeylessFlags();
  TrustOptions trust = new TrustOptions();
  Map<String, String> extensions = new LinkedHashMap<>();
  TextJsonOutput outputFlags = new TextJsonOutput();
  DebugOption debug = new DebugOption();

  private VerifyArtifactCommand() {}

  /** The command's model, bound to a new command. */
  static CommandSpec spec() {
    VerifyArtifactCommand c = new VerifyArtifactCommand();
    CommandSpec s = CommandSpec.wrapWithoutInspection(c);
    c.spec = s;
    s.name("verify-artifact");
    s.usageMessage().description("Verifies a file or digest against a Sigstore bundle (v0.1-v0.3), offline.");
    CodeModel.exitCodes(s, "verified", "not verified", "usage error",
        "invalid key, trusted root or bundle file, or no cached trust root",
        "cached TUF metadata expired and --require-fresh-trust");
    s.addPositional(PositionalParamSpec.builder().index("0").paramLabel("FILE|sha256:HEX").type(String.class)
        .description("The artifact, or its sha256/sha512 digest.")
        .getter(field(() -> c.artifact, v -> c.artifact = v)).setter(field(() -> c.artifact, v -> c.artifact = v))
        .build());
    s.addOption(option(Path.class, field(() -> c.bundle, v -> c.bundle = v), "B", "The Sigstore bundle (JSON).",
        "--bundle").required(true).build());
    s.addOption(option(Path.class, field(() -> c.key, v -> c.key = v), "K", "PEM public key of the signer.",
        "--key").build());
    mixin(s, "keyless", c.keyless::addTo);
    mixin(s, "trust", c.trust::addTo);
    s.addOption(option(Map.class, field(() -> c.extensions, v -> c.extensions = v), "NAME=VALUE",
        "Required Fulcio claim, e.g. sourceRepositoryURI=https://github.com/acme/app (repeatable).",
        "--certificate-extension").auxiliaryTypes(String.class, String.class).build());
    mixin(s, "outputFlags", c.outputFlags::addTo);
    mixin(s, "debug", c.debug::addTo);
    CodeModel.standardHelp(s);
    return s;
  }

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
