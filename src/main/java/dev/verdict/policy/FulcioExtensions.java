package dev.verdict.policy;

import java.util.List;

/**
 * Names accepted under {@code keyless.extensions}: the Fulcio certificate extension claims, spelt as sigstore-go's
 * {@code certificate.Extensions} JSON fields (OIDs 1.3.6.1.4.1.57264.1.8 to .1.23), and the deprecated GitHub
 * workflow claims 1.3.6.1.4.1.57264.1.2 to .1.6 as cosign's {@code --certificate-github-workflow-*} flags check them
 * (see <a href="https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md">Fulcio OID info</a>).
 */
public final class FulcioExtensions {
  /** 1.3.6.1.4.1.57264.1.2, e.g. {@code push}. */
  public static final String GITHUB_WORKFLOW_TRIGGER = "githubWorkflowTrigger";
  /** 1.3.6.1.4.1.57264.1.3, the commit. */
  public static final String GITHUB_WORKFLOW_SHA = "githubWorkflowSha";
  /** 1.3.6.1.4.1.57264.1.4, the workflow's name. */
  public static final String GITHUB_WORKFLOW_NAME = "githubWorkflowName";
  /** 1.3.6.1.4.1.57264.1.5, {@code owner/repo}. */
  public static final String GITHUB_WORKFLOW_REPOSITORY = "githubWorkflowRepository";
  /** 1.3.6.1.4.1.57264.1.6, e.g. {@code refs/tags/v1.0.0}. */
  public static final String GITHUB_WORKFLOW_REF = "githubWorkflowRef";
  static final List<String> NAMES = List.of("issuer", "buildSignerURI", "buildSignerDigest", "runnerEnvironment",
      "sourceRepositoryURI", "sourceRepositoryDigest", "sourceRepositoryRef", "sourceRepositoryIdentifier",
      "sourceRepositoryOwnerURI", "sourceRepositoryOwnerIdentifier", "buildConfigURI", "buildConfigDigest",
      "buildTrigger", "runInvocationURI", "sourceRepositoryVisibilityAtSigning", "deploymentEnvironment",
      GITHUB_WORKFLOW_TRIGGER, GITHUB_WORKFLOW_SHA, GITHUB_WORKFLOW_NAME, GITHUB_WORKFLOW_REPOSITORY,
      GITHUB_WORKFLOW_REF);

  private FulcioExtensions() {}
}
