package dev.verdict.policy;

/** A document of a policy file: an {@link ImagePolicy} or an {@link SbomPolicy}; names are unique across both. */
public sealed interface PolicyDocument permits ImagePolicy, SbomPolicy {
  String name();

  Location location();
}
