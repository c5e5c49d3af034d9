package dev.verdict.cli;

import picocli.CommandLine.Command;

/** {@code verdict trust}: obtain and show Sigstore trust roots (TUF). */
@Command(name = "trust", mixinStandardHelpOptions = true,
    description = "Obtains Sigstore trust roots through TUF into a local cache, and shows what a trust root trusts.",
    subcommands = {TrustUpdateCommand.class, TrustShowCommand.class})
final class TrustCommand {}
