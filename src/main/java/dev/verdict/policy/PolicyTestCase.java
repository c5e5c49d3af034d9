package dev.verdict.policy;

import dev.verdict.oci.Reference;
import dev.verdict.report.Decision;
import dev.verdict.report.Status;
import java.nio.file.Path;
import java.util.List;

/**
 * One case of a policy test: an image, the decision the suite's policies must reach for it, and checks that must
 * be in the result with a given status.
 *
 * @param image the reference as written in the test file (shown in reports)
 * @param reference {@code image} parsed, an {@code oci:} layout path resolved against the test file's directory
 * @param attestations attestation files given as extra evidence (relative paths resolved); kept for the runner
 * @param sboms SBOM files given as extra evidence (relative paths resolved); kept for the runner
 */
public record PolicyTestCase(String name, Location location, String image, Reference reference, Decision expect,
    List<ExpectedCheck> checks, List<Path> attestations, List<Path> sboms) {
  public PolicyTestCase {
    if (name == null || location == null || image == null || reference == null || expect == null) {
      throw new IllegalArgumentException("a policy test case needs a name, a location, an image and a decision");
    }
    checks = List.copyOf(checks);
    attestations = List.copyOf(attestations);
    sboms = List.copyOf(sboms);
  }

  /**
   * A check the result must hold: every check with this {@code id} (and {@code subject} and {@code policy}, when
   * given) has {@code status}, and there is at least one.
   *
   * @param subject the check's subject (an authority, a rule name), or null for any
   * @param policy the name of the policy that produced the check, or null for any
   */
  public record ExpectedCheck(String id, String subject, String policy, Status status, Location location) {
    public ExpectedCheck {
      if (id == null || status == null || location == null) {
        throw new IllegalArgumentException("an expected check needs an id, a status and a location");
      }
    }

    /** {@code id [subject] (policy)}, as the text report names checks. */
    public String label() {
      return id + (subject == null ? "" : " [" + subject + "]") + (policy == null ? "" : " (policy " + policy + ")");
    }
  }
}
