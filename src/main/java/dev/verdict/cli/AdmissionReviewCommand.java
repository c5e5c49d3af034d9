package dev.verdict.cli;

import dev.verdict.VerdictException;
import dev.verdict.report.ExitCode;
import dev.verdict.serve.OfflineReview;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verdict admission review FILE...}: what {@code verdict serve} would answer to each AdmissionReview file,
 * printed as the AdmissionReview response, so any admission can be reproduced on a laptop.
 */
@Command(name = "review", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Answers AdmissionReview files (JSON or YAML; an AdmissionReview admission.k8s.io/v1, or its bare "
        + "request) as verdict serve would, and prints each AdmissionReview response.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every request allowed (warnings may be present)", "1:at least one request denied by policy",
        "2:usage error", "3:invalid policy, or a file that is not an AdmissionReview",
        "4:could not decide at least one request (registry, auth, timeout, trust material); none denied"})
final class AdmissionReviewCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "AdmissionReview request files (.json or YAML)")
  List<Path> files = new ArrayList<>();

  @Mixin
  WebhookFlags flags = new WebhookFlags();

  @Option(names = "--webhook", paramLabel = "validate|mutate",
      description = "Which endpoint to imitate (default validate).")
  String webhook = "validate";

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "The apiserver's timeout to imitate, as in ?timeout= (default 10s; verdict keeps a margin).")
  String timeout = "10s";

  @Mixin
  DebugOption debug = new DebugOption();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws VerdictException {
    boolean warnOnly = flags.warnOnly();
    if (!webhook.equals("validate") && !webhook.equals("mutate")) {
      throw new dev.verdict.UsageException("--webhook must be validate or mutate, not '" + webhook + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    OfflineReview.Summary summary = OfflineReview.review(files, flags.loader(), warnOnly, webhook.equals("mutate"),
        Durations.parse(timeout, "--timeout"), w -> TrustedRootOption.warn(spec.commandLine(), w), out::println);
    out.flush();
    return summary.denied() ? ExitCode.DENY : summary.undecided() ? ExitCode.UNDECIDABLE : ExitCode.ALLOW;
  }
}
