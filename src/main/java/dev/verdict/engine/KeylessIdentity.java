package dev.verdict.engine;

import dev.verdict.policy.AdHocPolicy;
import dev.verdict.policy.FulcioExtensions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cosign-style keyless flags as given (null or false when not): the signer's identity and issuer, GitHub's
 * workflow claims, and the two named escape hatches. What {@code verify} and {@code verify-artifact} share.
 */
public record KeylessIdentity(String identity, String identityRegexp, String issuer, String issuerRegexp,
    String githubWorkflowTrigger, String githubWorkflowSha, String githubWorkflowName,
    String githubWorkflowRepository, String githubWorkflowRef, boolean ignoreTlog, boolean ignoreSct) {

  /** The identity and issuer flags. */
  AdHocPolicy.IdentityOptions identityOptions() {
    return new AdHocPolicy.IdentityOptions(identity, identityRegexp, issuer, issuerRegexp);
  }

  /** The GitHub workflow claims given, by Fulcio extension name, in flag order. */
  Map<String, String> githubClaims() {
    Map<String, String> claims = new LinkedHashMap<>();
    for (String[] g : given()) {
      claims.put(g[0], g[1]);
    }
    return claims;
  }

  /** The {@code --certificate-github-workflow-*} flags given, for messages. */
  List<String> githubFlags() {
    List<String> flags = new ArrayList<>();
    for (String[] g : given()) {
      flags.add(g[2]);
    }
    return flags;
  }

  private List<String[]> given() {
    String[][] all = {
        {FulcioExtensions.GITHUB_WORKFLOW_TRIGGER, githubWorkflowTrigger, "--certificate-github-workflow-trigger"},
        {FulcioExtensions.GITHUB_WORKFLOW_SHA, githubWorkflowSha, "--certificate-github-workflow-sha"},
        {FulcioExtensions.GITHUB_WORKFLOW_NAME, githubWorkflowName, "--certificate-github-workflow-name"},
        {FulcioExtensions.GITHUB_WORKFLOW_REPOSITORY, githubWorkflowRepository,
            "--certificate-github-workflow-repository"},
        {FulcioExtensions.GITHUB_WORKFLOW_REF, githubWorkflowRef, "--certificate-github-workflow-ref"}};
    List<String[]> out = new ArrayList<>();
    for (String[] g : all) {
      if (g[1] != null) {
        out.add(g);
      }
    }
    return out;
  }
}
