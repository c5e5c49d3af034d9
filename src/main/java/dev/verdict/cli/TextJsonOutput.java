package dev.verdict.cli;

import dev.verdict.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The output flags of commands that write text or JSON ({@code inspect}, {@code verify-artifact}): a mixin. */
final class TextJsonOutput {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "Format on standard output: text "
      + "(default) or json.")
  String output;

  @Option(names = "--format", paramLabel = "FMT=FILE", description = "Also write format FMT (text, json) to FILE; "
      + "repeatable. Without =FILE, the same as -o FMT.")
  List<String> formats = new ArrayList<>();

  @Option(names = "--output-file", paramLabel = "FILE", description = "Write the -o format to FILE instead of "
      + "standard output.")
  Path outputFile;

  /** Where each view goes, checked before anything runs. */
  List<OutputTargets.Target> targets() throws UsageException {
    return OutputTargets.parse(output, formats, outputFile, List.of("text", "json"));
  }
}
