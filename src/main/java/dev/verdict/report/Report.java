package dev.verdict.report;

import java.util.List;

/** The result of one run: every image's verdict. Renderers are views of this model. */
public record Report(String apiVersion, String toolVersion, List<ImageResult> results) {
  public static final String API_VERSION = "verdict.dev/report/v1";

  public Report {
    results = List.copyOf(results);
  }

  public static Report of(String toolVersion, List<ImageResult> results) {
    return new Report(API_VERSION, toolVersion, results);
  }
}
