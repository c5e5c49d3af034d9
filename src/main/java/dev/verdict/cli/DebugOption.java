package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.option;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --debug} (a mixin): stack traces of errors. {@link VerdictCommand} reads it from the arguments before
 * parsing, so a failure while parsing or loading prints its trace too; the field is for the help and the parser.
 */
final class DebugOption {
  static final String DESCRIPTION = "Print stack traces of errors.";

  @Option(names = "--debug", description = DESCRIPTION)
  boolean debug;

  /** This flag built in code, bound to this object ({@code verify-artifact}'s model: see {@link CodeModel}). */
  void addTo(CommandSpec spec) {
    spec.addOption(option(boolean.class, field(() -> debug, v -> debug = v), null, DESCRIPTION, "--debug").build());
  }
}
