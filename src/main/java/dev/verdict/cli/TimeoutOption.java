package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.option;

import dev.verdict.UsageException;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --timeout DURATION} (a mixin): the deadline of each image verified (each case of a policy test). */
final class TimeoutOption {
  static final String DESCRIPTION = "Deadline per image (per case in policy tests), e.g. 30s, 2m.";

  @Option(names = "--timeout", paramLabel = "DURATION", description = DESCRIPTION)
  String timeout = "60s";

  /** This flag built in code, bound to this object ({@code verify}'s model: see {@link CodeModel}). */
  void addTo(CommandSpec spec) {
    spec.addOption(option(String.class, field(() -> timeout, v -> timeout = v), "DURATION", DESCRIPTION,
        "--timeout").build());
  }

  /** The deadline; a usage error when it is not a positive duration. */
  Duration deadline() throws UsageException {
    return Durations.parse(timeout, "--timeout");
  }
}
