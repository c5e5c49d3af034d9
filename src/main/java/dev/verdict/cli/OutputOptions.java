package dev.verdict.cli;

import dev.verdict.UsageException;
import dev.verdict.report.GithubRenderer;
import dev.verdict.report.JsonRenderer;
import dev.verdict.report.JunitRenderer;
import dev.verdict.report.MarkdownRenderer;
import dev.verdict.report.Renderer;
import dev.verdict.report.Report;
import dev.verdict.report.SarifRenderer;
import dev.verdict.report.TextRenderer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --format FMT[=FILE]} (repeatable) and {@code --output FILE}: which views of the report go where. */
final class OutputOptions {
  @Option(names = "--format", paramLabel = "FMT[=FILE]",
      description = "Report format: text (default), json, sarif, junit, markdown, github. Repeat with =FILE to "
          + "write several, e.g. --format text --format sarif=verdict.sarif --format junit=verdict.xml.")
  List<String> formats = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the (single) report format to FILE instead of standard output.")
  Path output;

  @Option(names = {"-v", "--verbose"}, description = "Show expected, found and evidence for passing checks too.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Text: only images that were not allowed, and the summary; no "
      + "progress on standard error.")
  boolean quiet;

  /** Colour only for text on a terminal, never with NO_COLOR set (https://no-color.org). */
  boolean colour() {
    return System.console() != null && System.getenv("NO_COLOR") == null;
  }

  record Target(String format, Path file) {}

  List<Target> targets() throws UsageException {
    List<String> given = formats.isEmpty() ? List.of("text") : formats;
    List<Target> out = new ArrayList<>();
    for (String f : given) {
      int eq = f.indexOf('=');
      String name = eq < 0 ? f : f.substring(0, eq);
      Path file = eq < 0 ? null : Path.of(f.substring(eq + 1));
      renderer(name);
      out.add(new Target(name, file));
    }
    long toStdout = out.stream().filter(t -> t.file() == null).count();
    if (output != null) {
      if (toStdout != 1) {
        throw new UsageException("--output needs exactly one --format without =FILE");
      }
      out.replaceAll(t -> t.file() == null ? new Target(t.format(), output) : t);
    } else if (toStdout > 1) {
      throw new UsageException("only one --format may go to standard output; give the others =FILE");
    }
    return out;
  }

  Renderer renderer(String name) throws UsageException {
    return renderer(name, false);
  }

  Renderer renderer(String name, boolean toTerminal) throws UsageException {
    return switch (name) {
      case "text" -> new TextRenderer(verbose, toTerminal && colour(), quiet);
      case "json" -> new JsonRenderer();
      case "sarif" -> new SarifRenderer();
      case "junit" -> new JunitRenderer();
      case "markdown" -> new MarkdownRenderer();
      case "github" -> new GithubRenderer();
      default -> throw new UsageException(
          "unknown --format '" + name + "' (text, json, sarif, junit, markdown, github)");
    };
  }

  void write(Report report, PrintStream stdout) throws IOException, UsageException {
    write(report, new OutputStreamWriter(stdout, StandardCharsets.UTF_8), null);
  }

  /**
   * Renders every requested format; standard output is written through {@code stdout} and never closed.
   *
   * @param text the command's own text view, or null for {@link TextRenderer}
   */
  void write(Report report, Writer stdout, Renderer text) throws IOException, UsageException {
    for (Target t : targets()) {
      Renderer r = text != null && t.format().equals("text") ? text : renderer(t.format(), t.file() == null);
      if (t.file() == null) {
        Writer w = new java.io.FilterWriter(stdout) {
          @Override
          public void close() throws IOException {
            flush(); // standard output stays open for whatever is written next
          }
        };
        r.render(report, w);
        w.flush();
      } else {
        try {
          Path parent = t.file().toAbsolutePath().getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          try (Writer w = Files.newBufferedWriter(t.file(), StandardCharsets.UTF_8)) {
            r.render(report, w);
          }
        } catch (IOException e) {
          throw new UsageException("cannot write the " + t.format() + " report to " + t.file() + " ("
              + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
      }
    }
  }
}
