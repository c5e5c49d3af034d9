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
    List<String> failed = new ArrayList<>();
    Exception first = null;
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
        } catch (IOException | RuntimeException e) {
          // renderers built on Jackson or the XML writers wrap the IOException of a full disk in their own type
          IOException io = e instanceof IOException x ? x : e.getCause() instanceof IOException x ? x : null;
          if (io == null) {
            throw (RuntimeException) e;
          }
          failed.add("could not write the " + t.format() + " report to " + t.file() + ": " + why(io, t.file()));
          first = first == null ? io : first;
        }
      }
    }
    if (!failed.isEmpty()) {
      throw new ReportWriteException(String.join("; ", failed), exitCode, first);
    }
  }

  /** "is a directory", "permission denied", "No space left on device"... without the file name repeated. */
  private static String why(IOException e, Path file) {
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof IOException inner) {
        e = inner; // the renderer's wrapper says less than the file system's own error
      }
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " exists and is not a directory";
    }
    String r = InputFiles.reason(e);
    return r.equals(file.toString()) ? e.getClass().getSimpleName() : r;
  }
}
