package dev.verdict.engine;

import dev.verdict.VerificationException;
import dev.verdict.oci.Reference;
import dev.verdict.policy.SignedIdentity;

/**
 * Whether a signature's {@code docker-reference} vouches for the image being verified (containers/image's
 * {@code signedIdentity}): the same repository by default, so that one image's signature cannot vouch for another
 * image signed with the same key.
 */
final class SignedIdentityCheck {
  private SignedIdentityCheck() {}

  /** The identity the image must have been signed as, after any remap, for messages. */
  static String expected(SignedIdentity rule, Reference image, String imageName) {
    String name = imageName != null ? imageName : image.toString();
    if (rule.kind() == SignedIdentity.Kind.REMAP) {
      name = remap(rule, name);
    }
    return switch (rule.kind()) {
      case ANY -> "any reference";
      case EXACT -> name;
      case REPOSITORY -> repositoryOf(name);
      case REMAP -> repositoryOf(name);
    };
  }

  /**
   * Checks {@code signedReference} against the image. {@code imageName} is the name the image is known by: the
   * reference for registry images, the declared name for layouts (null when the layout declares none).
   */
  static void verify(SignedIdentity rule, Reference image, String imageName, String signedReference)
      throws VerificationException {
    if (rule.kind() == SignedIdentity.Kind.ANY) {
      return;
    }
    if (signedReference == null) {
      throw new VerificationException("the signature names no image reference, so it cannot show it was made for "
          + expected(rule, image, imageName) + "; allow it explicitly with signedIdentity any");
    }
    String name = imageName;
    if (rule.kind() == SignedIdentity.Kind.REMAP) {
      name = remap(rule, imageName != null ? imageName : image.toString());
    }
    if (name == null || name.startsWith("oci:")) {
      throw new VerificationException("the OCI layout does not declare the image's name "
          + "(index annotation io.containerd.image.name), so the signed reference '" + signedReference
          + "' cannot be matched; allow it explicitly with a signedIdentity remap or 'any'");
    }
    Reference signed;
    try {
      signed = Reference.parse(signedReference);
    } catch (IllegalArgumentException e) {
      throw new VerificationException("signed docker-reference '" + signedReference + "' is not a valid reference");
    }
    switch (rule.kind()) {
      case EXACT -> {
        Reference want = Reference.parse(name);
        if (!signed.toString().equals(want.toString())) {
          throw new VerificationException("signed reference " + signed + " is not exactly " + want);
        }
      }
      case REPOSITORY, REMAP -> {
        String want = repositoryOf(name);
        if (!signed.repositoryName().equals(want)) {
          // the signature itself verified: the one thing left is whether this repository may stand for the signed one
          String from = repositoryOf(imageName != null ? imageName : image.toString());
          throw new VerificationException("signed for repository " + signed.repositoryName() + ", not for " + want
              + "; if " + from + " is a mirror or copy of it, accept it with --signed-identity-remap " + from + "="
              + signed.repositoryName() + " (ad hoc) or in the policy: signedIdentity: {remap: [{from: " + from
              + ", signedAs: " + signed.repositoryName() + "}]}");
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  /**
   * The name {@code name} was signed under: the first remap whose {@code from} the image's canonical repository name
   * equals or lies under by whole path components (as containers/image's {@code remapIdentity}), with that prefix
   * replaced; else the name itself.
   */
  static String remap(SignedIdentity rule, String name) {
    Reference ref = image(name);
    String canonical = ref.toString();
    for (SignedIdentity.Remap r : rule.remaps()) {
      if (ref.isUnder(r.from())) {
        return r.signedAs() + canonical.substring(r.from().length());
      }
    }
    return name;
  }

  private static String repositoryOf(String name) {
    return image(name).repositoryName();
  }

  private static Reference image(String name) {
    return Reference.parse(name);
  }
}
