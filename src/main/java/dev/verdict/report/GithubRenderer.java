package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import dev.verdict.result.Report;


import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * GitHub Actions workflow commands: one {@code ::error} or {@code ::warning} annotation per image and place listing
 * its findings, at the manifest line when the image came from one (paths relative to the working directory), and the Markdown report appended to {@code $GITHUB_STEP_SUMMARY} when set.
 *
 * @see <a href="https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands">Workflow commands</a>
 */
public final class GithubRenderer implements Renderer {
  private final UnaryOperator<String> env;

  /** Reads the process environment. */
  public GithubRenderer() {
    this(System::getenv);
  }

  /** Reads variables through {@code env} (tests). */
  public GithubRenderer(UnaryOperator<String> env) {
    this.env = env;
  }

  @Override
  public void render(Report report, Writer out) throws IOException {
    // One annotation per image and place (GitHub shows only ten per step): its findings, most severe first.
    for (ImageResult image : report.results()) {
      List<Check> findings = image.checks().stream().filter(c -> Findings.isFinding(c.status())).toList();
      if (findings.isEmpty() && image.decision() != Decision.DENY && image.decision() != Decision.ERROR) {
        continue;
      }
      boolean error = image.decision() == Decision.DENY || image.decision() == Decision.ERROR
          || findings.stream().anyMatch(c -> c.status() != Status.WARN);
      StringBuilder message = new StringBuilder(image.reference()).append(": ").append(image.decision().label());
      for (Check c : findings) {
        message.append("\n- ").append(Findings.title(c)).append(": ").append(Findings.explain(c));
      }
      String title = "verdict: " + image.decision().label() + " " + image.reference()
          + (findings.size() > 1 ? " (" + findings.size() + " findings)" : "");
      annotate(out, error ? "error" : "warning", image, title, message.toString());
    }
    out.write("verdict: " + WorkflowCommands.escapeData(Findings.summary(report)) + "\n");
    String summary = env.apply("GITHUB_STEP_SUMMARY");
    if (summary != null && !summary.isEmpty()) {
      appendSummary(report, Path.of(summary));
    }
  }

  /** One command per manifest place; else at the first policy file; else without a file. */
  private static void annotate(Writer out, String command, ImageResult image, String title, String message)
      throws IOException {
    List<Origin> origins = Findings.manifestOrigins(image);
    if (origins.isEmpty()) {
      String policy = Findings.firstPolicyFile(image);
      out.write(WorkflowCommands.format(command, policy, 0, title, message));
    }
    for (Origin o : origins) {
      out.write(WorkflowCommands.format(command, Findings.relative(o.file()), o.line(), title, message));
    }
  }

  private static void appendSummary(Report report, Path file) throws IOException {
    StringWriter markdown = new StringWriter();
    new MarkdownRenderer().render(report, markdown);
    Files.writeString(file, markdown + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
