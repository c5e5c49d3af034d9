package dev.verdict.cli;

import dev.verdict.VerdictException;
import dev.verdict.engine.Inspection;
import dev.verdict.report.ExitCode;
import dev.verdict.report.InspectRenderer;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code verdict inspect IMAGE}: what is attached to an image. Verifies nothing, and says so. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List what is attached to an image (classic signatures, attestations, SBOMs, Sigstore bundles "
        + "and other referrers) with the signer identities they claim. Verifies nothing: use verify for that.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "1:image not found, or not an image", "2:usage error", "4:registry unreachable or auth failed"})
final class InspectCommand implements Callable<Integer> {
  @Parameters(paramLabel = "IMAGE", description = "registry/repo:tag, registry/repo@sha256:..., or oci:PATH")
  String image;

  @Mixin
  TextJsonOutput outputFlags = new TextJsonOutput();

  @Mixin
  RegistryFlags registry = new RegistryFlags();

  @Mixin
  DebugOption debug = new DebugOption();

  private final PrintStream out;

  InspectCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws VerdictException, java.io.IOException {
    List<OutputTargets.Target> targets = outputFlags.targets();
    Inspection found = Inspection.of(image, registry.insecure(), registry.registryCa);
    if (found.notAnImage() != null) {
      out.println("not an image: " + found.reference() + ": " + found.notAnImage());
      return ExitCode.DENY;
    }
    if (!found.found()) {
      out.println("image not found: " + found.reference());
      return ExitCode.DENY;
    }
    java.io.Writer w = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
    OutputTargets.write(targets, w, (format, to, toStdout) -> InspectRenderer.render(format, found, to),
        ExitCode.ALLOW);
    out.flush();
    return ExitCode.ALLOW;
  }
}
