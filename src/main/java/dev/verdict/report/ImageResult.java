package dev.verdict.report;

import java.util.List;

/**
 * The verdict for one image: the reference as given, the digest it resolved to (null when resolution failed), the
 * policies that matched, the decision and every check that led to it.
 *
 * @param platformDigest the child manifest chosen with {@code --platform}, or null
 * @param policyFiles files of the matched policies, in the same order as {@code matchedPolicies}
 * @param origins where the reference was found (several when the same image appears in many places)
 */
public record ImageResult(String reference, String digest, String platform, String platformDigest,
    List<String> matchedPolicies, List<String> policyFiles, Decision decision, List<Check> checks,
    List<Origin> origins) {
  public ImageResult {
    matchedPolicies = List.copyOf(matchedPolicies);
    policyFiles = List.copyOf(policyFiles);
    checks = List.copyOf(checks);
    origins = List.copyOf(origins);
  }

  public ImageResult withOrigins(List<Origin> o) {
    return new ImageResult(reference, digest, platform, platformDigest, matchedPolicies, policyFiles, decision,
        checks, o);
  }
}
