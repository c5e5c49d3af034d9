package dev.verdict.serve;

import dev.verdict.ConfigException;
import dev.verdict.Json;
import dev.verdict.VerdictException;
import dev.verdict.k8s.ManifestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * {@code verdict admission review}: the webhook's pipeline run offline on AdmissionReview files, with the same
 * engine, policies and deadlines as {@code serve}, so any admission can be reproduced on a laptop.
 */
public final class OfflineReview {
  /** What was answered: every response printed, and whether any was a deny or could not be decided. */
  public record Summary(boolean denied, boolean undecided) {}

  private OfflineReview() {}

  /**
   * Answers every AdmissionReview in {@code files} (JSON or YAML, one or many documents) as {@code /validate} or,
   * with {@code mutate}, as {@code /mutate}, passing each pretty-printed response to {@code out}.
   *
   * @param timeout the apiserver's timeout to imitate; the internal deadline keeps the same margin as serve
   * @throws ConfigException a file holds no AdmissionReview or one that is not valid (exit 3)
   */
  public static Summary review(List<Path> files, DeciderLoader loader, boolean warnOnly, boolean mutate,
      Duration timeout, Consumer<List<String>> warnings, Consumer<String> out) throws VerdictException {
    Duration internal = Deadlines.internal(timeout, null);
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
    boolean denied = false;
    boolean undecided = false;
    ExecutorService work = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "verdict-admission");
      t.setDaemon(true);
      return t;
    });
    try (DeciderLoader.Loaded loaded = loader.load()) {
      warnings.accept(loaded.warnings());
      Admission admission = new Admission(loaded::decider, work, warnOnly);
      for (AdmissionRequest r : requests) {
        long deadline = System.nanoTime() + internal.toNanos();
        AdmissionResponse response = mutate ? admission.mutate(r, deadline) : admission.validate(r, deadline);
        denied |= response.outcome() == AdmissionResponse.Outcome.DENY;
        undecided |= response.outcome() == AdmissionResponse.Outcome.UNDECIDED;
        out.accept(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(response.toReview()));
      }
    } finally {
      work.shutdownNow();
    }
    return new Summary(denied, undecided);
  }
}
