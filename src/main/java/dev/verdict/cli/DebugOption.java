package dev.verdict.cli;

import picocli.CommandLine.Option;

/**
 * {@code --debug} (a mixin): stack traces of errors. {@link VerdictCommand} reads it from the arguments before
 * parsing, so a failure while parsing or loading prints its trace too; the field is for the help and the parser.
 */
final class DebugOption {
  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;
}
