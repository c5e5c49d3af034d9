package dev.verdict.result;

import java.time.Instant;
import java.util.List;

/**
 * The verdict for one image: the reference as given, the digest it resolved to (null when resolution failed), the
 * policies that matched, the decision and every check that led to it.
 *
 * @param platformDigest the child manifest chosen with {@code --platform}, or null
 * @param policyFiles files of the matched policies, in the same order as {@code matchedPolicies}
 * @param origins where the reference was found (several when the same image appears in many places)
 * @param notAfter when an allow stops being true without any new evidence (the earliest exception expiry,
 *     {@code maxAge} deadline or trust-material expiry behind it), or null when nothing bounds it
 */
public record ImageResult(String reference, String digest, String platform, String platformDigest,
    List<String> matchedPolicies, List<String> policyFiles, Decision decision, List<Check> checks,
    List<Origin> origins, Instant notAfter) {
  public ImageResult {
    matchedPolicies = List.copyOf(matchedPolicies);
    policyFiles = List.copyOf(policyFiles);
    checks = List.copyOf(checks);
    origins = List.copyOf(origins);
  }

  public ImageResult(String reference, String digest, String platform, String platformDigest,
      List<String> matchedPolicies, List<String> policyFiles, Decision decision, List<Check> checks,
      List<Origin> origins) {
    this(reference, digest, platform, platformDigest, matchedPolicies, policyFiles, decision, checks, origins, null);
  }

  public ImageResult withOrigins(List<Origin> o) {
    return new ImageResult(reference, digest, platform, platformDigest, matchedPolicies, policyFiles, decision,
        checks, o, notAfter);
  }

  /**
   * True when this result may be reused for the same repository, digest and policy set: an allow, a warn or a
   * deny taken on complete evidence. False for "could not decide" (a timeout, a connection or TLS error, a 5xx or
   * 429, an authentication failure, unusable trust material), which a retry may turn into either verdict.
   */
  public boolean definitive() {
    return decision != Decision.ERROR;
  }
}
