package dev.verdict.cli;

import dev.verdict.InputFiles;
import dev.verdict.UsageException;
import dev.verdict.VerdictException;
import dev.verdict.report.ReportWriteException;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each view of a command's result goes, as cosign and conftest spell it: {@code -o|--output FMT} is the format
 * on standard output (or on {@code --output-file FILE}), and {@code --format FMT=FILE} (repeatable) writes more.
 * {@code --format FMT} without a file is the same as {@code -o FMT}. Unless it is written to a file, the default view
 * (text) goes to standard output. Every name is checked before anything runs.
 */
final class OutputTargets {
  private OutputTargets() {}

  /** One view: a format name and its file, or null for standard output. */
  record Target(String format, Path file) {}

  /** Renders one format of the command's result. */
  @FunctionalInterface
  interface View {
    void render(String format, Writer out, boolean toStdout) throws IOException, UsageException;
  }

  /**
   * Parses and validates the output flags.
   *
   * @param valid the formats the command writes, the first being its default
   */
  static List<Target> parse(String output, List<String> formats, Path outputFile, List<String> valid)
      throws UsageException {
    List<Target> out = new ArrayList<>();
    String stdout = output == null ? null : checked(output, "-o/--output", valid);
    for (String f : formats) {
      int eq = f.indexOf('=');
      String name = checked(eq < 0 ? f : f.substring(0, eq), "--format", valid);
      if (eq < 0) {
        if (stdout != null) {
          throw new UsageException("only one format may go to standard output (" + stdout + " and " + name
              + "); write the others to files with --format FMT=FILE");
        }
        stdout = name;
        continue;
      }
      if (eq == f.length() - 1) {
        throw new UsageException("--format " + f + ": the file name is missing (--format " + name + "=FILE)");
      }
      out.add(new Target(name, Path.of(f.substring(eq + 1))));
    }
    // the default view goes to standard output unless it is already written to a file
    if (stdout == null && (outputFile != null || out.stream().noneMatch(t -> t.format().equals(valid.get(0))))) {
      stdout = valid.get(0);
    }
    if (stdout != null) {
      out.add(0, new Target(stdout, outputFile));
    }
    return out;
  }

  private static String checked(String name, String flag, List<String> valid) throws UsageException {
    if (!valid.contains(name)) {
      String hint = name.contains(".") || name.contains("/")
          ? "; to write a file use --format FMT=FILE or --output-file FILE" : "";
      throw new UsageException(flag + ": unknown format '" + name + "' (valid: " + String.join(", ", valid) + ")"
          + hint);
    }
    return name;
  }

  /** Writes every target; standard output is written through {@code stdout}, flushed and never closed. */
  /**
   * Renders every target; standard output is written through {@code stdout} and never closed. A file that cannot be
   * written does not stop the others; afterwards it is one {@link ReportWriteException} naming each such file, which
   * keeps the decision's exit code (a deny stays 1) and turns only an allow into 4: a missing report never passes.
   *
   * @param exitCode the exit code of the decision the views hold
   */
  static void write(List<Target> targets, Writer stdout, View view, int exitCode)
      throws IOException, VerdictException {
    List<String> failed = new ArrayList<>();
    IOException first = null;
    for (Target t : targets) {
      if (t.file() == null) {
        Writer w = new FilterWriter(stdout) {
          @Override
          public void close() throws IOException {
            flush(); // standard output stays open for whatever is written next
          }
        };
        view.render(t.format(), w, true);
        w.flush();
        continue;
      }
      try {
        Path parent = t.file().toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(t.file(), StandardCharsets.UTF_8)) {
          view.render(t.format(), w, false);
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
