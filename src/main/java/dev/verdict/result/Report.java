package dev.verdict.result;

import java.util.List;

/**
 * The result of one run: every image's verdict. Renderers are views of this model.
 *
 * @param noun what each result is about in summaries: "image", or "SBOM" for {@code sbom check} on files
 */
public record Report(String apiVersion, String toolVersion, List<ImageResult> results, String noun) {
  public static final String API_VERSION = "verdict.dev/report/v1";

  public Report {
    results = List.copyOf(results);
    noun = noun == null ? "image" : noun;
  }

  public Report(String apiVersion, String toolVersion, List<ImageResult> results) {
    this(apiVersion, toolVersion, results, "image");
  }

  public static Report of(String toolVersion, List<ImageResult> results) {
    return new Report(API_VERSION, toolVersion, results, "image");
  }

  /** A report on SBOM files, not images. */
  public static Report ofSboms(String toolVersion, List<ImageResult> results) {
    return new Report(API_VERSION, toolVersion, results, "SBOM");
  }

  /** {@code 1 image}, {@code 2 images}, {@code 1 SBOM}. */
  public String count(long n) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
