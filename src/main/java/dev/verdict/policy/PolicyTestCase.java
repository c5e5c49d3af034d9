package dev.verdict.policy;

import dev.verdict.oci.Reference;
import dev.verdict.result.Decision;
import dev.verdict.result.Status;
import java.nio.file.Path;
import java.util.List;

/**
 * One case of a policy test: an image or a local SBOM file, the decision the suite's policies must reach for it,
 * and checks that must be in the result with a given status. Exactly one of {@code image} and {@code sbom} is set.
 *
 * @param image the reference as written in the test file (shown in reports), or null for an SBOM case
 * @param reference {@code image} parsed, an {@code oci:} layout path resolved against the test file's directory
 * @param attestations attestation files given as extra evidence for the image (relative paths resolved)
 * @param sbom an SBOM file as written in the test file, judged by the suite's {@code sbom} and
 *     {@code vulnerabilities} rules as {@code sbom check --policy} judges it, or null for an image case
 * @param sbomFile {@code sbom} resolved against the test file's directory
 * @param layoutName the registry name an {@code oci:} layout that declares none stands for (policy matching and
 *     signed identity), or null
 */
public record PolicyTestCase(String name, Location location, String image, Reference reference, Decision expect,
    List<ExpectedCheck> checks, List<Path> attestations, String sbom, Path sbomFile, String layoutName) {
  public PolicyTestCase(String name, Location location, String image, Reference reference, Decision expect,
      List<ExpectedCheck> checks, List<Path> attestations, String sbom, Path sbomFile) {
    this(name, location, image, reference, expect, checks, attestations, sbom, sbomFile, null);
  }

  public PolicyTestCase {
    if (layoutName != null && (reference == null || !reference.isLayout())) {
      throw new IllegalArgumentException("layoutName names an oci: layout's image, not a registry image");
    }
    if (name == null || location == null || expect == null) {
      throw new IllegalArgumentException("a policy test case needs a name, a location and a decision");
    }
    if ((image == null || reference == null) == (sbom == null || sbomFile == null)) {
      throw new IllegalArgumentException("a policy test case needs an image or an SBOM file, not both");
    }
    if (sbom != null && !attestations.isEmpty()) {
      throw new IllegalArgumentException("attestation files are evidence for an image, not for an SBOM case");
    }
    checks = List.copyOf(checks);
    attestations = List.copyOf(attestations);
  }

  /** What the case judges, as reports name it: the image reference as written, or the SBOM file. */
  public String target() {
    return image != null ? image : sbom;
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
