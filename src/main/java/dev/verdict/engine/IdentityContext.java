package dev.verdict.engine;

import dev.verdict.oci.Reference;
import dev.verdict.policy.SignedIdentity;

/** The image being verified, the name it is known by, and how signatures must name it. */
record IdentityContext(SignedIdentity rule, Reference image, String imageName) {}
