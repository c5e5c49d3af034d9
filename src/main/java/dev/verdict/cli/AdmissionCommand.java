package dev.verdict.cli;

import picocli.CommandLine.Command;

/** {@code verdict admission}: the webhook's pipeline, offline. */
@Command(name = "admission", mixinStandardHelpOptions = true,
    description = "Run verdict serve's admission pipeline offline.", subcommands = AdmissionReviewCommand.class)
final class AdmissionCommand {}
