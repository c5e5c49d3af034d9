package dev.verdict.report;

import dev.verdict.result.Check;


import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** SARIF {@code reportingDescriptor}s: a description of what each check id proves and what to do when it fails. */
final class SarifRules {
  /** Check id to {short description, what to do when it fails}. */
  private static final Map<String, String[]> RULES = Map.ofEntries(
      rule("policy.match", "An image policy matches the image",
          "Add a policy whose images glob covers this image, or fix the reference."),
      rule("image.resolve", "The image reference resolves to a digest in the registry",
          "Check the registry address, credentials and network access, and that the tag exists."),
      rule("image.verify", "Verification of the image completed",
          "The image could not be decided (timeout, registry or trust-material error); rerun or fix the cause."),
      rule("image.platform", "The requested platform's manifest was resolved from the index",
          "Publish the platform in the image index or drop --platform."),
      rule("exception.expired", "A policy exception is still within its expiry date",
          "Renew or remove the exception in the policy."),
      rule("signature", "A signature by one of the policy's authorities verifies for the image",
          "Sign the image with a key or identity the policy trusts, or add the signer as an authority."),
      rule("evidence.limit", "The image's signatures, attestations and bundles stay within verdict's bounds",
          "The registry holds more (or larger) evidence for this image than verdict reads; remove stale signature "
              + "layers and referrers, or investigate who pushed them."),
      rule("signatures.threshold", "Enough distinct authorities signed the image",
          "Have the missing authorities sign the image, or lower the policy's threshold."),
      rule("signature.key", "The signature verifies with the authority's public key",
          "Sign with the private key matching the policy's public key."),
      rule("signature.keyless", "The keyless signature's certificate names the expected identity and issuer",
          "Sign from the expected workflow or account, or fix the identity in the policy."),
      rule("cosign.signature", "The cosign signature verifies over the signed payload",
          "The signature layer is corrupt or not made for this payload; sign the image again."),
      rule("cosign.certificate", "The cosign signature layer carries a usable signing certificate",
          "Sign keyless with a Fulcio certificate, or use a key authority."),
      rule("cosign.envelope", "The cosign attestation envelope is well formed", "Attach a valid DSSE envelope."),
      rule("signedIdentity", "The signed payload names this image's repository (docker-reference)",
          "Sign the image under the name it is deployed from, or allow the mirror with signedIdentity or "
              + "--signed-identity-remap."),
      rule("certificate.chain", "The signing certificate chains to a trusted Fulcio root",
          "Use the trusted_root.json of the Sigstore instance that issued the certificate."),
      rule("certificate.identity", "The certificate's subject and OIDC issuer match the policy",
          "Sign from the expected identity, or correct the identity/issuer in the policy."),
      rule("certificate.extension", "The certificate's Fulcio extensions (workflow claims) match the policy",
          "Sign from the expected repository, ref or workflow, or correct the policy's claims."),
      rule("certificate.sct", "The certificate carries a valid signed certificate timestamp",
          "Use a certificate logged to the trusted CT log."),
      rule("certificate.validity", "The certificate was valid at the proven signing time",
          "The signature was made outside the certificate's lifetime; sign again."),
      rule("tlog.required", "The signature is recorded in the transparency log",
          "Upload the signature to Rekor, or relax the policy's tlog requirement explicitly."),
      rule("tlog.entry", "The transparency-log entry matches the signature", "Sign again and upload to Rekor."),
      rule("tlog.entries", "A transparency-log entry is present", "Sign again and upload to Rekor."),
      rule("tlog.body", "The transparency-log entry's body records this signature and artifact",
          "The log entry belongs to another signature; sign again."),
      rule("tlog.set", "The log's signed entry timestamp verifies with a trusted Rekor key",
          "Use the trusted_root.json of the log that issued the entry."),
      rule("tlog.inclusion", "The inclusion proof and checkpoint verify against a trusted log",
          "Use the trusted_root.json of the log that issued the entry."),
      rule("timestamp", "An RFC 3161 timestamp verifies with a trusted timestamp authority",
          "Use the trusted_root.json that lists the timestamp authority."),
      rule("timestamp.annotation", "The RFC 3161 timestamp annotation is well formed",
          "Attach a valid timestamp, or none."),
      rule("signing.time", "A signing time is proven by the log or a timestamp",
          "Upload to Rekor or add an RFC 3161 timestamp."),
      rule("bundle.format", "The Sigstore bundle is well formed and of a supported version",
          "Produce a bundle v0.1 to v0.3 with a current Sigstore client."),
      rule("bundle.content", "The Sigstore bundle's content is a message signature or DSSE envelope",
          "Produce the bundle with a current Sigstore client."),
      rule("bundle.signer", "The bundle's verification material names a usable signer",
          "Produce the bundle with a key or certificate the policy trusts."),
      rule("artifact.digest", "The signed digest is the artifact's digest", "The bundle signs another artifact."),
      rule("artifact.signature", "The artifact signature verifies", "The bundle signs another artifact."),
      rule("dsse.signature", "The DSSE envelope's signature verifies", "The envelope was altered; sign again."),
      rule("dsse.subject", "The in-toto statement's subject names the artifact",
          "The statement is about another artifact."),
      rule("attestation", "A verified attestation of the rule's predicate type exists for the image",
          "Attach an attestation of that type, signed by an authority the rule trusts."),
      rule("attestation.verified", "The attestation verified", "Nothing to do."),
      rule("attestation.envelope", "The attestation is a readable DSSE envelope or bundle",
          "Attach a valid envelope; this one cannot be parsed."),
      rule("attestation.payload-type", "The envelope's payload type is in-toto",
          "Attach an in-toto statement (application/vnd.in-toto+json)."),
      rule("attestation.signature", "The attestation is signed by one of the rule's authorities",
          "Sign the attestation with a key or identity the rule trusts."),
      rule("attestation.statement", "The attestation's in-toto statement is well formed",
          "Produce the statement with a conforming in-toto/SLSA tool."),
      rule("attestation.predicate-type", "The attestation's signed predicate type is the rule's",
          "An attestation of another type; attach one of the type the rule asks for."),
      rule("attestation.subject", "The attestation's subject digest is the image's digest",
          "The attestation is about another image; attest this digest."),
      rule("attestation.condition", "The attestation's predicate satisfies the rule's conditions",
          "Build the image so its attested predicate meets the conditions, or correct the policy."),
      rule("attestation.slsa", "The SLSA provenance satisfies the rule",
          "Build with the expected builder, source repository and ref."),
      rule("attestation.vex", "The OpenVEX attestation is usable", "Attach a valid OpenVEX document."),
      rule("slsa.builderId", "The provenance names an allowed builder", "Build on the builder the policy allows."),
      rule("slsa.buildType", "The provenance has the allowed build type", "Build with the allowed build type."),
      rule("slsa.sourceRepository", "The provenance names the allowed source repository",
          "Build from the repository the policy allows."),
      rule("slsa.sourceRef", "The provenance names an allowed source ref", "Build from a ref the policy allows."),
      rule("sbom", "The SBOM attestation is usable and passes the rules", "Attach a valid SBOM."),
      rule("sbom.deniedLicenses", "No component is bound to a denied license",
          "Replace or remove the components, or record an exception."),
      rule("sbom.allowedLicenses", "Every component's license is within the allowed set",
          "Replace the components, or widen the allowed licenses."),
      rule("sbom.deniedPackages", "No component matches a denied package",
          "Upgrade or remove the matching components."),
      rule("sbom.requiredFields", "The SBOM carries the required (NTIA) fields",
          "Generate the SBOM with a tool that records them."),
      rule("sbom.maxAge", "The SBOM is recent enough", "Generate a fresh SBOM for the image."),
      rule("sbom.vex", "A VEX statement about this SBOM's product suppressed (or did not apply to) a finding",
          "Review the VEX document, statement and justification named; a statement about another product never "
              + "applies."),
      rule("vulnerabilities.vex", "A VEX statement about this image suppressed (or did not apply to) a finding",
          "Review the VEX document, statement and justification named; a statement about another product never "
              + "applies."),
      rule("vulnerabilities", "The vulnerability report is usable and within limits",
          "Attach a valid vulnerability report."),
      rule("vulnerabilities.vulnerabilities", "The vulnerability report is recent and readable",
          "Scan the image again."),
      rule("vulnerabilities.maxSeverity", "No vulnerability exceeds the allowed severity",
          "Upgrade the affected packages, or record a VEX statement."),
      rule("vulnerabilities.deniedIds", "No denied vulnerability is present",
          "Upgrade the affected packages, or record a VEX statement."));

  /** For an id without its own entry: what its domain (the first segment) checks. */
  private static final Map<String, String> DOMAINS = Map.of(
      "signature", "Image signatures verify against an authority the policy trusts",
      "attestation", "Attestations verify and satisfy the policy's conditions",
      "policy", "Images match a policy and the policy allows them",
      "sbom", "The image's SBOM satisfies the policy's SBOM rules",
      "vulnerability", "Vulnerability findings stay within the policy's limits",
      "vulnerabilities", "Vulnerability findings stay within the policy's limits",
      "resolve", "The image reference resolves to a digest",
      "image", "The image resolves and verification completes",
      "slsa", "SLSA provenance satisfies the policy");

  private SarifRules() {}

  private static Map.Entry<String, String[]> rule(String id, String what, String fix) {
    return Map.entry(id, new String[] {what, fix});
  }

  /** The description of {@code id}, or null when it has none. */
  static String[] lookup(String id) {
    return RULES.get(id);
  }

  static void describe(String id, ObjectNode rule) {
    String[] known = RULES.get(id);
    String domain = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
    String what = known != null ? known[0] : DOMAINS.getOrDefault(domain, "verdict check " + id);
    String fix = known != null ? known[1]
        : "The result message says what the policy expected and what was found.";
    rule.put("id", id);
    rule.put("name", name(id));
    rule.putObject("shortDescription").put("text", what);
    rule.putObject("fullDescription").put("text", what + " (verdict check " + id + ").");
    rule.putObject("help").put("text", fix);
    rule.putObject("defaultConfiguration").put("level", "error");
    rule.putObject("properties").putArray("tags").add("security").add("supply-chain");
  }

  /** {@code signature.key} to {@code SignatureKey}: SARIF names are identifiers, not ids with dots. */
  static String name(String id) {
    StringBuilder sb = new StringBuilder();
    for (String part : id.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return sb.length() == 0 ? "Check" : sb.toString();
  }
}
