package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.VerificationException;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.policy.AttestationRule;
import dev.verdict.policy.Authority;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.SignatureRule;
import dev.verdict.report.Check;
import dev.verdict.report.Status;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one policy's requirements over an image's evidence. Returns raw checks (PASS/FAIL/SKIP/ERROR); mode and
 * exceptions are applied afterwards by {@link Outcome}.
 */
final class PolicyEvaluator {
  private final SignatureVerifier verifier;
  private final AttestationEvaluator attestations;
  private final List<LocalAttestation> localAttestations;
  private final Clock clock;

  PolicyEvaluator(SignatureVerifier verifier, AttestationEvaluator attestations, EngineOptions options) {
    this.verifier = verifier;
    this.attestations = attestations;
    this.localAttestations = options.attestations();
    this.clock = options.clock();
  }

  List<Check> evaluate(ImagePolicy policy, Evidence evidence, IdentityContext identity) throws VerdictException {
    List<Check> checks = new ArrayList<>();
    SignatureRule rule = policy.signatures();
    if (rule != null) {
      signatures(policy, rule, evidence, identity, checks);
    }
    if (!policy.attestations().isEmpty()) {
      AttestationCandidates found = evidence.attestationCandidates(localAttestations);
      for (AttestationRule a : policy.attestations()) {
        checks.addAll(attestations.evaluate(policy, a, found, evidence.digest(), evidence.image().toString(),
            clock.instant()));
      }
    }
    return checks;
  }

  /** A piece of signature evidence (a classic layer or an attached bundle) and how to verify it. */
  private record Candidate(String label, Verification verify) {
    @FunctionalInterface
    interface Verification {
      Map<String, String> against(Authority authority) throws VerificationException;
    }
  }

  private List<Candidate> classic(ImagePolicy policy, Evidence evidence, IdentityContext identity)
      throws VerdictException {
    List<Candidate> out = new ArrayList<>();
    for (SignatureLayer layer : evidence.signatures()) {
      out.add(new Candidate(layer.label(), a -> verifier.verify(layer, policy, a, evidence.digest(), identity)));
    }
    return out;
  }

  private List<Candidate> bundles(ImagePolicy policy, Evidence evidence, IdentityContext identity)
      throws VerdictException {
    List<Candidate> out = new ArrayList<>();
    for (AttachedBundle bundle : evidence.bundles()) {
      out.add(new Candidate(bundle.label(), a -> verifier.verify(bundle, policy, a, evidence.digest(), identity)));
    }
    return out;
  }

  /** The evidence of the first candidate that verifies for {@code authority}; each rejection is added to reasons. */
  private static Map<String, String> firstValid(List<Candidate> candidates, Authority authority,
      List<String> reasons) {
    for (Candidate c : candidates) {
      try {
        return c.verify().against(authority);
      } catch (VerificationException e) {
        reasons.add(c.label() + ": " + e.getMessage());
      }
    }
    return null;
  }

  private void signatures(ImagePolicy policy, SignatureRule rule, Evidence evidence, IdentityContext identity,
      List<Check> checks) throws VerdictException {
    // classic signatures first; bundle referrers are looked up only when they could change the outcome
    List<Candidate> classic = classic(policy, evidence, identity);
    List<Candidate> bundles = null;
    String expectedIdentity = SignedIdentityCheck.expected(identity.rule(), identity.image(), identity.imageName());
    List<String> satisfied = new ArrayList<>();
    for (String name : rule.from()) {
      Authority authority = policy.authority(name);
      List<String> reasons = new ArrayList<>();
      Map<String, String> good = firstValid(classic, authority, reasons);
      if (good == null) {
        bundles = bundles != null ? bundles : bundles(policy, evidence, identity);
        good = firstValid(bundles, authority, reasons);
      }
      int seen = classic.size() + (bundles == null ? 0 : bundles.size());
      String expected = "a valid signature by " + name + " for " + evidence.digest() + " signed as "
          + expectedIdentity;
      if (good != null) {
        satisfied.add(name);
        checks.add(new Check("signature", name, Status.PASS, "signed by " + name, expected,
            good.getOrDefault("signer", name), good));
      } else {
        String none = "no signatures attached (" + evidence.digest().tagPrefix() + ".sig, Sigstore bundle referrers)";
        Map<String, String> ev = new LinkedHashMap<>();
        for (int i = 0; i < reasons.size(); i++) {
          ev.put("rejected." + (i + 1), reasons.get(i));
        }
        checks.add(new Check("signature", name, Status.FAIL,
            seen == 0 ? "no signature found" : "no valid signature by " + name + ": " + reasons.get(0),
            expected, seen == 0 ? none : seen + " signature(s), none valid", ev));
      }
    }
    boolean met = satisfied.size() >= rule.require();
    checks.add(Check.of("signatures.threshold", null, met ? Status.PASS : Status.FAIL,
        met ? satisfied.size() + " of " + rule.require() + " required authorities signed"
            : "only " + satisfied.size() + " of the " + rule.require() + " required authorities signed",
        rule.require() + " of " + rule.from(), satisfied.isEmpty() ? "none" : satisfied.toString()));
  }
}
