package dev.verdict.cli;

import picocli.CommandLine.Command;

/** {@code verdict sbom}: SBOM rules on local SBOM files. */
@Command(name = "sbom", mixinStandardHelpOptions = true, description = "Check local SBOM files against SBOM rules.",
    subcommands = {SbomCheckCommand.class})
final class SbomCommand {}
