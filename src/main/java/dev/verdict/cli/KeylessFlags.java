package dev.verdict.cli;

import static dev.verdict.cli.CodeModel.field;
import static dev.verdict.cli.CodeModel.option;

import dev.verdict.engine.KeylessIdentity;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The cosign-style keyless flags that {@code verify} and {@code verify-artifact} share (a picocli mixin): the signer's
 * identity and issuer, GitHub's workflow claims, and the two named escape hatches.
 */
final class KeylessFlags {
  static final String IDENTITY =
      "Keyless: the signing certificate's subject (SAN: email or URI), exact. Needs an issuer.";
  static final String IDENTITY_REGEXP = "Keyless: a regular expression the whole certificate subject must match.";
  static final String ISSUER =
      "Keyless: the OIDC issuer in the certificate, exact, e.g. https://token.actions.githubusercontent.com.";
  static final String ISSUER_REGEXP = "Keyless: a regular expression the whole OIDC issuer must match.";
  static final String WORKFLOW_TRIGGER =
      "Keyless: the GitHub workflow trigger claim (1.3.6.1.4.1.57264.1.2), e.g. push.";
  static final String WORKFLOW_SHA = "Keyless: the GitHub workflow commit claim (1.3.6.1.4.1.57264.1.3).";
  static final String WORKFLOW_NAME = "Keyless: the GitHub workflow name claim (1.3.6.1.4.1.57264.1.4).";
  static final String WORKFLOW_REPOSITORY = "Keyless: the GitHub repository claim (1.3.6.1.4.1.57264.1.5).";
  static final String WORKFLOW_REF =
      "Keyless: the GitHub ref claim (1.3.6.1.4.1.57264.1.6), e.g. refs/tags/v1.0.0.";
  static final String IGNORE_TLOG = "Do not require a transparency-log entry (a signing certificate then needs an "
      + "RFC 3161 timestamp for its signing time). Entries present are still verified.";
  static final String IGNORE_SCT = "Keyless: do not require an embedded SCT.";

  @Option(names = "--certificate-identity", paramLabel = "ID", description = IDENTITY)
  String identity;

  @Option(names = "--certificate-identity-regexp", paramLabel = "RE", description = IDENTITY_REGEXP)
  String identityRegexp;

  @Option(names = "--certificate-oidc-issuer", paramLabel = "URL", description = ISSUER)
  String issuer;

  @Option(names = "--certificate-oidc-issuer-regexp", paramLabel = "RE", description = ISSUER_REGEXP)
  String issuerRegexp;

  @Option(names = "--certificate-github-workflow-trigger", paramLabel = "EVENT", description = WORKFLOW_TRIGGER)
  String githubWorkflowTrigger;

  @Option(names = "--certificate-github-workflow-sha", paramLabel = "SHA", description = WORKFLOW_SHA)
  String githubWorkflowSha;

  @Option(names = "--certificate-github-workflow-name", paramLabel = "NAME", description = WORKFLOW_NAME)
  String githubWorkflowName;

  @Option(names = "--certificate-github-workflow-repository", paramLabel = "OWNER/REPO",
      description = WORKFLOW_REPOSITORY)
  String githubWorkflowRepository;

  @Option(names = "--certificate-github-workflow-ref", paramLabel = "REF", description = WORKFLOW_REF)
  String githubWorkflowRef;

  @Option(names = "--insecure-ignore-tlog", description = IGNORE_TLOG)
  boolean ignoreTlog;

  @Option(names = "--insecure-ignore-sct", description = IGNORE_SCT)
  boolean ignoreSct;

  /** These flags built in code, bound to this object ({@code verify-artifact}'s model: see {@link CodeModel}). */
  void addTo(CommandSpec spec) {
    text(spec, "--certificate-identity", "ID", IDENTITY, field(() -> identity, v -> identity = v));
    text(spec, "--certificate-identity-regexp", "RE", IDENTITY_REGEXP,
        field(() -> identityRegexp, v -> identityRegexp = v));
    text(spec, "--certificate-oidc-issuer", "URL", ISSUER, field(() -> issuer, v -> issuer = v));
    text(spec, "--certificate-oidc-issuer-regexp", "RE", ISSUER_REGEXP,
        field(() -> issuerRegexp, v -> issuerRegexp = v));
    text(spec, "--certificate-github-workflow-trigger", "EVENT", WORKFLOW_TRIGGER,
        field(() -> githubWorkflowTrigger, v -> githubWorkflowTrigger = v));
    text(spec, "--certificate-github-workflow-sha", "SHA", WORKFLOW_SHA,
        field(() -> githubWorkflowSha, v -> githubWorkflowSha = v));
    text(spec, "--certificate-github-workflow-name", "NAME", WORKFLOW_NAME,
        field(() -> githubWorkflowName, v -> githubWorkflowName = v));
    text(spec, "--certificate-github-workflow-repository", "OWNER/REPO", WORKFLOW_REPOSITORY,
        field(() -> githubWorkflowRepository, v -> githubWorkflowRepository = v));
    text(spec, "--certificate-github-workflow-ref", "REF", WORKFLOW_REF,
        field(() -> githubWorkflowRef, v -> githubWorkflowRef = v));
    spec.addOption(option(boolean.class, field(() -> ignoreTlog, v -> ignoreTlog = v), null, IGNORE_TLOG,
        "--insecure-ignore-tlog").build());
    spec.addOption(option(boolean.class, field(() -> ignoreSct, v -> ignoreSct = v), null, IGNORE_SCT,
        "--insecure-ignore-sct").build());
  }

  private static void text(CommandSpec spec, String name, String label, String description,
      CodeModel.Binding<String> field) {
    spec.addOption(option(String.class, field, label, description, name).build());
  }

  /** The flags as given, for the engine. */
  KeylessIdentity values() {
    return new KeylessIdentity(identity, identityRegexp, issuer, issuerRegexp, githubWorkflowTrigger,
        githubWorkflowSha, githubWorkflowName, githubWorkflowRepository, githubWorkflowRef, ignoreTlog, ignoreSct);
  }
}
