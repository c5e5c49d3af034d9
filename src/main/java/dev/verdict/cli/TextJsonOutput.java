package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.option;

import dev.verdict.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The output flags of commands that write text or JSON ({@code inspect}, {@code verify-artifact}): a mixin. */
final class TextJsonOutput {
  static final String OUTPUT = "Format on standard output: text (default) or json.";
  static final String FORMAT = "Also write format FMT (text, json) to FILE; repeatable. Without =FILE, the same as "
      + "-o FMT.";
  static final String OUTPUT_FILE = "Write the -o format to FILE instead of standard output.";

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = OUTPUT)
  String output;

  @Option(names = "--format", paramLabel = "FMT=FILE", description = FORMAT)
  List<String> formats = new ArrayList<>();

  @Option(names = "--output-file", paramLabel = "FILE", description = OUTPUT_FILE)
  Path outputFile;

  /** These flags built in code, bound to this object ({@code verify-artifact}'s model: see {@link CodeModel}). */
  void addTo(CommandSpec spec) {
    spec.addOption(option(String.class, field(() -> output, v -> output = v), "FORMAT", OUTPUT, "-o", "--output")
        .build());
    spec.addOption(option(List.class, field(() -> formats, v -> formats = v), "FMT=FILE", FORMAT, "--format")
        .auxiliaryTypes(String.class).build());
    spec.addOption(option(Path.class, field(() -> outputFile, v -> outputFile = v), "FILE", OUTPUT_FILE,
        "--output-file").build());
  }

  /** Where each view goes, checked before anything runs. */
  List<OutputTargets.Target> targets() throws UsageException {
    return OutputTargets.parse(output, formats, outputFile, List.of("text", "json"));
  }
}
