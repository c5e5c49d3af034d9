package dev.verdict.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The trust root flags (a mixin): {@code --trusted-root FILE|tuf} and {@code --require-fresh-trust}. */
final class TrustOptions {
  @Option(names = "--trusted-root", paramLabel = "FILE|tuf", description = TrustedRootOption.DESCRIPTION,
      converter = TrustedRootOption.class)
  Path trustedRoot;

  @Option(names = "--require-fresh-trust", description = "Expired TUF metadata in the trust root cache is an error "
      + "(exit 4), not a warning.")
  boolean requireFreshTrust;
}
