package dev.verdict.cli;

import dev.verdict.ConfigException;
import dev.verdict.Json;
import dev.verdict.VerdictException;
import dev.verdict.k8s.ManifestImages;
import dev.verdict.report.ExitCode;
import dev.verdict.serve.Admission;
import dev.verdict.serve.AdmissionRequest;
import dev.verdict.serve.AdmissionResponse;
import dev.verdict.serve.BadReviewException;
import dev.verdict.serve.DeciderLoader;
import dev.verdict.serve.Deadlines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

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

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws VerdictException {
    boolean warnOnly = flags.warnOnly();
    if (!webhook.equals("validate") && !webhook.equals("mutate")) {
      throw new dev.verdict.UsageException("--webhook must be validate or mutate, not '" + webhook + "'");
    }
    Duration internal = Deadlines.internal(Durations.parse(timeout, "--timeout"), null);
    List<AdmissionRequest> requests = new ArrayList<>();
    for (Path f : files) {
      for (JsonNode doc : ManifestImages.documents(f)) {
        try {
          requests.add(AdmissionRequest.of(doc, true));
        } catch (BadReviewException e) {
          throw new ConfigException(f, e.getMessage());
        }
      }
    }
    if (requests.isEmpty()) {
      throw new ConfigException(files.get(0), "no AdmissionReview in the file(s)");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean denied = false;
    boolean undecided = false;
    ExecutorService work = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "verdict-admission");
      t.setDaemon(true);
      return t;
    });
    try (DeciderLoader.Loaded loaded = flags.loader().load()) {
      TrustedRootOption.warn(spec.commandLine(), loaded.warnings());
      Admission admission = new Admission(loaded::decider, work, warnOnly);
      for (AdmissionRequest r : requests) {
        long deadline = System.nanoTime() + internal.toNanos();
        AdmissionResponse response = webhook.equals("validate") ? admission.validate(r, deadline)
            : admission.mutate(r, deadline);
        denied |= response.outcome() == AdmissionResponse.Outcome.DENY;
        undecided |= response.outcome() == AdmissionResponse.Outcome.UNDECIDED;
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(response.toReview()));
      }
    } finally {
      work.shutdownNow();
    }
    out.flush();
    return denied ? ExitCode.DENY : undecided ? ExitCode.UNDECIDABLE : ExitCode.ALLOW;
  }
}
