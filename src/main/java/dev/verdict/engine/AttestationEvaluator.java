package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.VerificationException;
import dev.verdict.attestation.AttestationCheck;
import dev.verdict.attestation.AttestationVerifier;
import dev.verdict.attestation.AttestationVerifier.Candidate;
import dev.verdict.attestation.AttestationVerifier.TrustedSigner;
import dev.verdict.attestation.CelConditions;
import dev.verdict.attestation.EnvelopeSigner;
import dev.verdict.attestation.SignatureCheck;
import dev.verdict.attestation.SlsaEvaluator;
import dev.verdict.attestation.VerifiedAttestation;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.oci.Digest;
import dev.verdict.policy.AttestationRule;
import dev.verdict.policy.Authority;
import dev.verdict.policy.Condition;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.result.Check;
import dev.verdict.result.Status;
import dev.verdict.sbom.SbomEvaluator;
import dev.verdict.sbom.SbomParser;
import dev.verdict.sbom.Vex;
import dev.verdict.sbom.VexSubject;
import dev.verdict.sbom.VulnerabilityEvaluator;
import dev.verdict.sbom.VulnerabilityReport;
import dev.verdict.sigstore.VerifiedSigner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one attestation rule: every candidate is verified against the rule's authorities, subject and predicate
 * type (each reported as used or rejected), then the rule's conditions and built-in SLSA, SBOM and vulnerability
 * rules run over the verified statements. The rule passes when one verified statement satisfies all of them.
 */
final class AttestationEvaluator {
  private final TrustMaterial trust;

  AttestationEvaluator(TrustMaterial trust) {
    this.trust = trust;
  }

  List<Check> evaluate(ImagePolicy policy, AttestationRule rule, AttestationCandidates found, Digest digest,
      String reference, Instant now) {
    List<Check> checks = new ArrayList<>();
    found.unreadable.forEach((source, why) -> checks.add(Check.of("attestation.envelope", rule.name(), Status.SKIP,
        why, "a readable DSSE envelope", source)));
    List<TrustedSigner> signers = new ArrayList<>();
    Map<String, Instant> signedAt = new java.util.concurrent.ConcurrentHashMap<>();
    for (String name : rule.from()) {
      Authority a = policy.authority(name);
      signers.add(new TrustedSigner(name, c -> signatureCheck(policy, a, c, found, signedAt)));
    }
    List<AttestationCheck> results = AttestationVerifier.check(found.candidates, digest, rule.predicateType(),
        signers);
    results.forEach(r -> checks.add(r.toCheck(rule.name())));
    List<VerifiedAttestation> used = AttestationVerifier.used(results);
    String expected = "a " + rule.predicateType() + " attestation about " + digest + " signed by one of "
        + rule.from();
    if (used.isEmpty()) {
      checks.add(Check.of("attestation", rule.name(), Status.FAIL, found.candidates.isEmpty()
          ? "no attestations found (" + digest.tagPrefix() + ".att, bundle referrers, --attestation)"
          : "none of " + found.candidates.size() + " attestation(s) verified for this rule", expected,
          results.isEmpty() ? "none" : results.size() + " candidate(s), none usable"));
      return checks;
    }
    List<Vex> vex = rule.vulnerabilities() == null ? List.of()
        : vexDocuments(rule, found, digest, signers, checks);
    List<Check> firstFailures = null;
    for (VerifiedAttestation va : used) {
      List<Check> ruleChecks = rules(rule, va, digest, reference, now, vex, signedAt.get(va.source()));
      if (ruleChecks.stream().noneMatch(c -> c.status() == Status.FAIL)) {
        checks.addAll(ruleChecks);
        checks.add(new Check("attestation", rule.name(), Status.PASS, "verified " + rule.predicateType()
            + " attestation satisfies the rule", expected, va.source(), Map.of("authority", va.authority(),
            "signer", va.signer().identity())));
        return checks;
      }
      if (firstFailures == null) {
        firstFailures = ruleChecks;
      }
    }
    checks.addAll(firstFailures);
    checks.add(Check.of("attestation", rule.name(), Status.FAIL, "no verified attestation satisfies the rule ("
        + used.size() + " verified)", expected, "rule violations, see above"));
    return checks;
  }

  /** Conditions and built-in rules over one verified statement. */
  /** @param signedAt the log-proven signing time of the statement's envelope, or null (maxAge then needs a date) */
  private static List<Check> rules(AttestationRule rule, VerifiedAttestation va, Digest digest, String reference,
      Instant now, List<Vex> vex, Instant signedAt) {
    List<Check> out = new ArrayList<>();
    String subject = rule.name();
    if (!rule.conditions().isEmpty()) {
      Map<String, Object> vars = CelConditions.variables(va.statement(), reference, digest, va.signer());
      for (Condition c : rule.conditions()) {
        try {
          boolean ok = c.compiled().evaluate(vars);
          out.add(Check.of("attestation.condition", subject, ok ? Status.PASS : Status.FAIL,
              ok ? "condition holds" : c.message(), c.expr(), ok ? "true" : "false"));
        } catch (VerificationException e) {
          out.add(Check.of("attestation.condition", subject, Status.FAIL, c.message() + " (" + e.getMessage() + ")",
              c.expr(), "error"));
        }
      }
    }
    if (rule.slsa() != null) {
      var violations = SlsaEvaluator.evaluate(va.statement().predicate(), va.statement().predicateType(),
          rule.slsa());
      violations.forEach(v -> out.add(Check.of("attestation.slsa", subject, Status.FAIL, v.message(), v.expected(),
          v.found())));
      if (violations.isEmpty()) {
        out.add(Check.of("attestation.slsa", subject, Status.PASS, "provenance matches the slsa rule",
            rule.slsa().toString(), "match"));
      }
    }
    if (rule.sbom() != null) {
      try {
        var sbom = SbomParser.parse(va.statement().predicate(), va.source());
        var violations = SbomEvaluator.evaluate(sbom, rule.sbom(), now, signedAt);
        violations.forEach(v -> out.add(Check.of("sbom." + v.rule(), subject, Status.FAIL,
            v.component() + ": " + v.message(), v.expected(), v.found())));
        if (violations.isEmpty()) {
          Instant from = sbom.created() != null ? sbom.created() : signedAt;
          out.add(bounded(Check.of("sbom", subject, Status.PASS, sbom.components().size()
              + " components pass the sbom rules", "no violations", "none"),
              rule.sbom().maxAge() == null || from == null ? null : from.plus(rule.sbom().maxAge())));
        }
      } catch (ConfigException | IllegalArgumentException e) {
        out.add(Check.of("sbom", subject, Status.FAIL, "SBOM predicate is not usable: " + e.getMessage(),
            "a CycloneDX or SPDX document", "malformed"));
      }
    }
    if (rule.vulnerabilities() != null) {
      try {
        var report = VulnerabilityReport.fromPredicate(va.statement().predicateType(), va.statement().predicate(),
            va.source());
        // VEX applies only to this image: statements must name its digest (see VexSubject)
        var result = VulnerabilityEvaluator.check(report, rule.vulnerabilities(), vex,
            VexSubject.image(digest.toString()), now);
        var violations = result.violations();
        for (var s : result.suppressions()) {
          out.add(suppression(subject, s));
        }
        for (String why : result.notApplied()) {
          out.add(Check.of("vulnerabilities.vex", subject, Status.SKIP, why, "a statement whose product is this "
              + "image (its digest)", "another product"));
        }
        violations.forEach(v -> out.add(Check.of("vulnerabilities." + v.rule(), subject, Status.FAIL,
            v.component() == null ? v.message() : v.component() + ": " + v.message(), v.expected(), v.found())));
        if (violations.isEmpty()) {
          Instant scanned = report.scannedAt();
          out.add(bounded(Check.of("vulnerabilities", subject, Status.PASS, report.findings().size()
              + " findings within the vulnerability budget" + (result.suppressions().isEmpty() ? ""
              : " (" + result.suppressions().size() + " suppressed by VEX)"), "no violations", "none"),
              rule.vulnerabilities().maxAge() == null || scanned == null ? null
                  : scanned.plus(rule.vulnerabilities().maxAge())));
        }
      } catch (ConfigException | IllegalArgumentException e) {
        out.add(Check.of("vulnerabilities", subject, Status.FAIL, "vulnerability report is not usable: "
            + e.getMessage(), "a cosign vuln, in-toto vulns or CycloneDX report", "malformed"));
      }
    }
    return out;
  }

  /** {@code c} carrying the time its pass ends ({@code maxAge}), when there is one. */
  private static Check bounded(Check c, Instant notAfter) {
    if (notAfter == null) {
      return c;
    }
    Map<String, String> ev = new java.util.LinkedHashMap<>(c.evidence());
    ev.put(TrustBounds.NOT_AFTER, notAfter.toString());
    return new Check(c.id(), c.subject(), c.status(), c.message(), c.expected(), c.found(), ev);
  }

  /** A finding a VEX statement took out of the rule: reported, never silent. */
  static Check suppression(String subject, VulnerabilityEvaluator.Suppression s) {
    Vex.Statement st = s.by().statement();
    Map<String, String> evidence = new java.util.LinkedHashMap<>();
    evidence.put("vex", s.by().document().source());
    evidence.put("statement", st.at());
    evidence.put("status", st.status().label());
    evidence.put("justification", st.justification() == null ? "none" : st.justification());
    evidence.put("time", st.time() == null ? "none" : st.time().toString());
    return new Check("vulnerabilities.vex", subject, Status.PASS, s.describe(), "a finding the rule counts",
        s.finding().id() + (s.finding().component() == null ? "" : " in " + s.finding().component()), evidence);
  }

  /**
   * The VEX documents that may suppress findings for a vulnerability rule: the files the policy names, then OpenVEX
   * attestations about this image signed by the rule's own authorities (verified exactly like the report itself).
   */
  private List<Vex> vexDocuments(AttestationRule rule, AttestationCandidates found, Digest digest,
      List<TrustedSigner> signers, List<Check> checks) {
    List<Vex> out = new ArrayList<>(trust.vex(rule.vulnerabilities()));
    for (String type : OPENVEX_TYPES) {
      for (VerifiedAttestation va : AttestationVerifier.used(AttestationVerifier.check(found.candidates, digest,
          type, signers))) {
        try {
          out.add(Vex.parse(va.statement().predicate(), va.source()));
          checks.add(Check.of("attestation.vex", rule.name(), Status.PASS, "OpenVEX attestation applied", type,
              va.source()));
        } catch (ConfigException e) {
          // Signed by the rule's own authority yet unreadable: it may hold a newer "affected" that overrides an
          // older "not_affected" elsewhere, so dropping it could widen the allow. Fail closed.
          checks.add(Check.of("attestation.vex", rule.name(), Status.FAIL, "a signed OpenVEX attestation is not "
              + "readable, so the findings it may decide cannot be judged: " + e.getMessage(),
              "a readable OpenVEX document", va.source()));
        }
      }
    }
    return out;
  }

  /** Predicate types of OpenVEX attestations ({@code cosign attest --type openvex} and the versioned form). */
  static final List<String> OPENVEX_TYPES = List.of("https://openvex.dev/ns", "https://openvex.dev/ns/v0.2.0");

  /** How a candidate's envelope signature is checked for authority {@code a}. */
  private SignatureCheck signatureCheck(ImagePolicy policy, Authority a, Candidate c, AttestationCandidates found,
      Map<String, Instant> signedAt) {
    byte[] bundle = found.bundles.get(c.source());
    if (bundle != null) {
      return (pae, sig) -> signer(trust.sigstore(policy, a).bundle(bundle, null).signer(), c, signedAt);
    }
    if (a instanceof Authority.Key k) {
      return SignatureCheck.of(k.key());
    }
    return (pae, sig) -> {
      if (!c.annotations().containsKey(SignatureLayer.CERTIFICATE)) {
        throw new VerificationException("attestation carries no certificate, so it cannot be verified by '"
            + a.name() + "'");
      }
      // the layer blob is the envelope as cosign logged it (intoto/0.0.1 records its sha256)
      return signer(trust.sigstore(policy, a).cosignAttestation(c.envelope(), pae, sig, c.annotations()), c,
          signedAt);
    };
  }

  /** The signer for CEL, remembering the log-proven signing time of {@code c} for maxAge. */
  private static EnvelopeSigner signer(VerifiedSigner s, Candidate c, Map<String, Instant> signedAt) {
    if (s.integratedTime() != null) {
      signedAt.put(c.source(), s.integratedTime());
    }
    return new EnvelopeSigner(s.method(), s.subject(), s.issuer(), s.extensions());
  }
}
