package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.option;

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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The report's views ({@link OutputTargets}: {@code -o FMT}, {@code --format FMT=FILE}, {@code --output-file}). */
final class OutputOptions {
  static final List<String> FORMATS = List.of("text", "json", "sarif", "junit", "markdown", "github");

  static final String OUTPUT = "Report format on standard output: text (default), json, sarif, junit, markdown, "
      + "github.";
  static final String FORMAT = "Also write the report in format FMT to FILE; repeatable, e.g. --format "
      + "sarif=verdict.sarif --format junit=verdict.xml. Without =FILE, the same as -o FMT.";
  static final String OUTPUT_FILE = "Write the -o format to FILE instead of standard output.";
  static final String VERBOSE = "Show expected, found and evidence for passing checks too, and the attestations "
      + "skipped because the rule asks for another type.";
  static final String QUIET = "Text: only images that were not allowed, and the summary; no progress on standard "
      + "error.";

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = OUTPUT)
  String output;

  @Option(names = "--format", paramLabel = "FMT=FILE", description = FORMAT)
  List<String> formats = new ArrayList<>();

  @Option(names = "--output-file", paramLabel = "FILE", description = OUTPUT_FILE)
  Path outputFile;

  @Option(names = {"-v", "--verbose"}, description = VERBOSE)
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = QUIET)
  boolean quiet;

  /** These flags built in code, bound to this object ({@code verify}'s model: see {@link CodeModel}). */
  void addTo(CommandSpec spec) {
    spec.addOption(option(String.class, field(() -> output, v -> output = v), "FORMAT", OUTPUT, "-o", "--output")
        .build());
    spec.addOption(option(List.class, field(() -> formats, v -> formats = v), "FMT=FILE", FORMAT, "--format")
        .auxiliaryTypes(String.class).build());
    spec.addOption(option(Path.class, field(() -> outputFile, v -> outputFile = v), "FILE", OUTPUT_FILE,
        "--output-file").build());
    spec.addOption(option(boolean.class, field(() -> verbose, v -> verbose = v), null, VERBOSE, "-v", "--verbose")
        .build());
    spec.addOption(option(boolean.class, field(() -> quiet, v -> quiet = v), null, QUIET, "-q", "--quiet").build());
  }

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
