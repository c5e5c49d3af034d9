package dev.verdict.cli;

import dev.verdict.InputFiles;
import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.report.ReportWriteException;
import dev.verdict.report.GithubRenderer;
import dev.verdict.report.JsonRenderer;
import dev.verdict.report.JunitRenderer;
import dev.verdict.report.MarkdownRenderer;
import dev.verdict.report.Renderer;
import dev.verdict.result.Report;
import dev.verdict.report.SarifRenderer;
import dev.verdict.report.TextRenderer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The report's views ({@link OutputTargets}: {@code -o FMT}, {@code --format FMT=FILE}, {@code --output-file}). */
final class OutputOptions {
  static final List<String> FORMATS = List.of("text", "json", "sarif", "junit", "markdown", "github");

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Report format on standard output: text (default), json, sarif, junit, markdown, github.")
  String output;

  @Option(names = "--format", paramLabel = "FMT=FILE",
      description = "Also write the report in format FMT to FILE; repeatable, e.g. --format sarif=verdict.sarif "
          + "--format junit=verdict.xml. Without =FILE, the same as -o FMT.")
  List<String> formats = new ArrayList<>();

  @Option(names = "--output-file", paramLabel = "FILE",
      description = "Write the -o format to FILE instead of standard output.")
  Path outputFile;

  @Option(names = {"-v", "--verbose"}, description = "Show expected, found and evidence for passing checks too, "
      + "and the attestations skipped because the rule asks for another type.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Text: only images that were not allowed, and the summary; no "
      + "progress on standard error.")
  boolean quiet;

  /** Colour only for text on a terminal, never with NO_COLOR set (https://no-color.org). */
  boolean colour() {
    return System.console() != null && System.getenv("NO_COLOR") == null;
  }

  List<OutputTargets.Target> targets() throws UsageException {
    return OutputTargets.parse(output, formats, outputFile, FORMATS);
  }

  Renderer renderer(String name, boolean toTerminal) throws UsageException {
    return switch (name) {
      case "text" -> new TextRenderer(verbose, toTerminal && colour(), quiet);
      case "json" -> new JsonRenderer();
      case "sarif" -> new SarifRenderer();
      case "junit" -> new JunitRenderer();
      case "markdown" -> new MarkdownRenderer();
      case "github" -> new GithubRenderer();
      default -> throw new UsageException("unknown format '" + name + "' (valid: " + String.join(", ", FORMATS)
          + ")");
    };
  }

  void write(Report report, PrintStream stdout, int exitCode) throws IOException, VerdictException {
    write(report, new OutputStreamWriter(stdout, StandardCharsets.UTF_8), null, exitCode);
  }

  /**
   * Renders every requested format; standard output is written through {@code stdout} and never closed. A file that
   * cannot be written does not stop the others; afterwards it is one {@link ReportWriteException} naming the file,
   * which keeps the decision's exit code (a deny stays 1) and turns only an allow into 4.
   *
   * @param text the command's own text view, or null for {@link TextRenderer}
   * @param exitCode the exit code of the decision the report holds
   */
  void write(Report report, Writer stdout, Renderer text, int exitCode) throws IOException, VerdictException {
    OutputTargets.write(targets(), stdout, (format, w, toStdout) -> {
      Renderer r = text != null && format.equals("text") ? text : renderer(format, toStdout);
      r.render(report, w);
    }, exitCode);
  }
}
