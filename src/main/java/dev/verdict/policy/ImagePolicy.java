package dev.verdict.policy;

import java.util.List;

/**
 * One {@code kind: ImagePolicy} document of the v1 model (see README, "Policy reference"). Values are validated by the
 * loader; {@code signatures} is null when the policy requires no signature.
 *
 * @param mutate whether {@code verdict serve}'s {@code /mutate} pins the tags of the images this policy matches to
 *     their digests ({@code spec.mutate}, default true); it changes no verdict
 */
public record ImagePolicy(String name, Location location, List<String> images, Mode mode,
    List<Authority> authorities, SignatureRule signatures, SignedIdentity signedIdentity,
    List<AttestationRule> attestations, List<PolicyExemption> exceptions, boolean mutate) implements PolicyDocument {
  public ImagePolicy {
    images = List.copyOf(images);
    authorities = List.copyOf(authorities);
    attestations = List.copyOf(attestations);
    exceptions = List.copyOf(exceptions);
  }

  /** A policy with the default {@code mutate: true}. */
  public ImagePolicy(String name, Location location, List<String> images, Mode mode, List<Authority> authorities,
      SignatureRule signatures, SignedIdentity signedIdentity, List<AttestationRule> attestations,
      List<PolicyExemption> exceptions) {
    this(name, location, images, mode, authorities, signatures, signedIdentity, attestations, exceptions, true);
  }

  public Authority authority(String authorityName) {
    for (Authority a : authorities) {
      if (a.name().equals(authorityName)) {
        return a;
      }
    }
    return null;
  }
}
