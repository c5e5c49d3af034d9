package dev.verdict.cli;

import dev.verdict.engine.KeylessIdentity;
import picocli.CommandLine.Option;

/**
 * The cosign-style keyless flags that {@code verify} and {@code verify-artifact} share (a picocli mixin): the signer's
 * identity and issuer, GitHub's workflow claims, and the two named escape hatches.
 */
final class KeylessFlags {
  @Option(names = "--certificate-identity", paramLabel = "ID",
      description = "Keyless: the signing certificate's subject (SAN: email or URI), exact. Needs an issuer.")
  String identity;

  @Option(names = "--certificate-identity-regexp", paramLabel = "RE",
      description = "Keyless: a regular expression the whole certificate subject must match.")
  String identityRegexp;

  @Option(names = "--certificate-oidc-issuer", paramLabel = "URL",
      description = "Keyless: the OIDC issuer in the certificate, exact, e.g. "
          + "https://token.actions.githubusercontent.com.")
  String issuer;

  @Option(names = "--certificate-oidc-issuer-regexp", paramLabel = "RE",
      description = "Keyless: a regular expression the whole OIDC issuer must match.")
  String issuerRegexp;

  @Option(names = "--certificate-github-workflow-trigger", paramLabel = "EVENT",
      description = "Keyless: the GitHub workflow trigger claim (1.3.6.1.4.1.57264.1.2), e.g. push.")
  String githubWorkflowTrigger;

  @Option(names = "--certificate-github-workflow-sha", paramLabel = "SHA",
      description = "Keyless: the GitHub workflow commit claim (1.3.6.1.4.1.57264.1.3).")
  String githubWorkflowSha;

  @Option(names = "--certificate-github-workflow-name", paramLabel = "NAME",
      description = "Keyless: the GitHub workflow name claim (1.3.6.1.4.1.57264.1.4).")
  String githubWorkflowName;

  @Option(names = "--certificate-github-workflow-repository", paramLabel = "OWNER/REPO",
      description = "Keyless: the GitHub repository claim (1.3.6.1.4.1.57264.1.5).")
  String githubWorkflowRepository;

  @Option(names = "--certificate-github-workflow-ref", paramLabel = "REF",
      description = "Keyless: the GitHub ref claim (1.3.6.1.4.1.57264.1.6), e.g. refs/tags/v1.0.0.")
  String githubWorkflowRef;

  @Option(names = "--insecure-ignore-tlog", description = "Do not require a transparency-log entry (a signing "
      + "certificate then needs an RFC 3161 timestamp for its signing time). Entries present are still verified.")
  boolean ignoreTlog;

  @Option(names = "--insecure-ignore-sct", description = "Keyless: do not require an embedded SCT.")
  boolean ignoreSct;

  /** The flags as given, for the engine. */
  KeylessIdentity values() {
    return new KeylessIdentity(identity, identityRegexp, issuer, issuerRegexp, githubWorkflowTrigger,
        githubWorkflowSha, githubWorkflowName, githubWorkflowRepository, githubWorkflowRef, ignoreTlog, ignoreSct);
  }
}
