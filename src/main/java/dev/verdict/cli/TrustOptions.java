package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.option;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The trust root flags (a mixin): {@code --trusted-root FILE|tuf} and {@code --require-fresh-trust}. */
final class TrustOptions {
  static final String REQUIRE_FRESH = "Expired TUF metadata in the trust root cache is an error (exit 4), not a "
      + "warning.";

  @Option(names = "--trusted-root", paramLabel = "FILE|tuf", description = TrustedRootOption.DESCRIPTION,
      converter = TrustedRootOption.class)
  Path trustedRoot;

  @Option(names = "--require-fresh-trust", description = REQUIRE_FRESH)
  boolean requireFreshTrust;

  /** These flags built in code, bound to this object ({@code verify-artifact}'s model: see {@link CodeModel}). */
  void addTo(CommandSpec spec) {
    spec.addOption(option(Path.class, field(() -> trustedRoot, v -> trustedRoot = v), "FILE|tuf",
        TrustedRootOption.DESCRIPTION, "--trusted-root").converters(new TrustedRootOption()).build());
    spec.addOption(option(boolean.class, field(() -> requireFreshTrust, v -> requireFreshTrust = v), null,
        REQUIRE_FRESH, "--require-fresh-trust").build());
  }
}
