package dev.verdict.cli;

import picocli.CommandLine.Command;

/** {@code verdict policy}: validate policies and run their unit tests. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Validate policies and run policy tests.",
    subcommands = {PolicyLintCommand.class, PolicyTestCommand.class})
final class PolicyCommand {}
