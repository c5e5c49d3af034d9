package dev.verdict.cli;

import dev.verdict.UsageException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout DURATION} (a mixin): the deadline of each image verified (each case of a policy test). */
final class TimeoutOption {
  @Option(names = "--timeout", paramLabel = "DURATION", description = "Deadline per image (per case in policy "
      + "tests), e.g. 30s, 2m.")
  String timeout = "60s";

  /** The deadline; a usage error when it is not a positive duration. */
  Duration deadline() throws UsageException {
    return Durations.parse(timeout, "--timeout");
  }
}
