package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.VerificationException;
import dev.verdict.discovery.AttachedBundle;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.policy.AttestationRule;
import dev.verdict.policy.Authority;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.SignatureRule;
import dev.verdict.result.Check;
import dev.verdict.result.Status;
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
  private final TrustMaterial trust;
  private final AttestationEvaluator attestations;
  private final List<LocalAttestation> localAttestations;
  private final Clock clock;

  PolicyEvaluator(SignatureVerifier verifier, TrustMaterial trust, AttestationEvaluator attestations,
      EngineOptions options) {
    this.verifier = verifier;
    this.trust = trust;
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
      DistinctSigners.Valid against(Authority authority) throws VerificationException;
    }
  }

  private List<Candidate> classic(ImagePolicy policy, Evidence evidence, IdentityContext identity)
      throws VerdictException {
    List<Candidate> out = new ArrayList<>();
    for (SignatureLayer layer : evidence.signatures()) {
      out.add(new Candidate(layer.label(), a -> {
        Map<String, String> ev = verifier.verify(layer, policy, a, evidence.digest(), identity);
        TrustBounds.layer(a, trust.sigstore(policy, a).requirements(), layer, ev);
        return new DistinctSigners.Valid(ev, DistinctSigners.of(layer, a, ev));
      }));
    }
    return out;
  }

  private List<Candidate> bundles(ImagePolicy policy, Evidence evidence, IdentityContext identity)
      throws VerdictException {
    List<Candidate> out = new ArrayList<>();
    for (AttachedBundle bundle : evidence.bundles()) {
      out.add(new Candidate(bundle.label(), a -> {
        Map<String, String> ev = verifier.verify(bundle, policy, a, evidence.digest(), identity);
        TrustBounds.bundle(a, trust.sigstore(policy, a).requirements(), bundle, ev);
        return new DistinctSigners.Valid(ev, DistinctSigners.of(bundle, a, ev));
      }));
    }
    return out;
  }

  /** Every candidate that verifies for {@code authority}; each rejection is added to reasons. */
  private static List<DistinctSigners.Valid> allValid(List<Candidate> candidates, Authority authority,
      List<String> reasons) {
    List<DistinctSigners.Valid> out = new ArrayList<>();
    for (Candidate c : candidates) {
      try {
        out.add(c.verify().against(authority));
      } catch (VerificationException e) {
        reasons.add(c.label() + ": " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * k-of-n over distinct signers ({@link DistinctSigners}): an authority counts only with a valid signature whose
   * signature, key and certificate identity no other counted authority's has. Once the threshold is met, an
   * authority that did not count is reported as skipped, not failed: the policy asks for k, not for all n.
   */
  private void signatures(ImagePolicy policy, SignatureRule rule, Evidence evidence, IdentityContext identity,
      List<Check> checks) throws VerdictException {
    // classic signatures first; bundle referrers are looked up only when they could change the outcome
    List<Candidate> classic = classic(policy, evidence, identity);
    List<Candidate> bundles = null;
    String expectedIdentity = SignedIdentityCheck.expected(identity.rule(), identity.image(), identity.imageName());
    Map<String, List<DistinctSigners.Valid>> valid = new LinkedHashMap<>();
    Map<String, List<String>> reasons = new LinkedHashMap<>();
    for (String name : rule.from()) {
      reasons.put(name, new ArrayList<>());
      valid.put(name, allValid(classic, policy.authority(name), reasons.get(name)));
    }
    Map<String, DistinctSigners.Valid> counted = DistinctSigners.assign(rule.from(), valid);
    if (counted.size() < rule.require()) {
      bundles = bundles(policy, evidence, identity);
      for (String name : rule.from()) {
        valid.get(name).addAll(allValid(bundles, policy.authority(name), reasons.get(name)));
      }
      counted = DistinctSigners.assign(rule.from(), valid);
    }
    boolean met = counted.size() >= rule.require();
    int seen = classic.size() + (bundles == null ? 0 : bundles.size());
    for (String name : rule.from()) {
      String expected = "a valid signature by " + name + " for " + evidence.digest() + " signed as "
          + expectedIdentity + ", by a signer no other counted authority has";
      DistinctSigners.Valid good = counted.get(name);
      Status missing = met ? Status.SKIP : Status.FAIL;
      String notNeeded = met ? " (not needed: " + counted.size() + " of " + rule.require() + " signed)" : "";
      if (good != null) {
        checks.add(new Check("signature", name, Status.PASS, "signed by " + name, expected,
            good.evidence().getOrDefault("signer", name), good.evidence()));
      } else if (!valid.get(name).isEmpty()) {
        Map<String, String> ev = new LinkedHashMap<>(valid.get(name).get(0).evidence());
        String other = counted.entrySet().stream()
            .filter(e -> e.getValue().signer().stream().anyMatch(valid.get(name).get(0).signer()::contains))
            .map(Map.Entry::getKey).findFirst().orElse("another authority");
        checks.add(new Check("signature", name, missing, "signed by " + name + ", but by the same signature, key "
            + "or identity that counts for " + other + "; one signer counts once" + notNeeded, expected,
            ev.getOrDefault("signer", name) + " (already counted for " + other + ")", ev));
      } else {
        List<String> why = reasons.get(name);
        String none = "no signatures attached (" + evidence.digest().tagPrefix() + ".sig, Sigstore bundle referrers)";
        Map<String, String> ev = new LinkedHashMap<>();
        for (int i = 0; i < why.size(); i++) {
          ev.put("rejected." + (i + 1), why.get(i));
        }
        checks.add(new Check("signature", name, missing,
            (seen == 0 ? "no signature found" : "no valid signature by " + name + ": " + why.get(0)) + notNeeded,
            expected, seen == 0 ? none : seen + " signature(s), none valid", ev));
      }
    }
    List<String> names = new ArrayList<>(counted.keySet());
    checks.add(Check.of("signatures.threshold", null, met ? Status.PASS : Status.FAIL,
        met ? names.size() + " of " + rule.require() + " required authorities signed"
            : "only " + names.size() + " of the " + rule.require() + " required authorities signed"
                + (valid.values().stream().filter(v -> !v.isEmpty()).count() > names.size()
                    ? " by distinct signers (one signature, key or identity counts once)" : ""),
        rule.require() + " of " + rule.from() + ", distinct signers", names.isEmpty() ? "none" : names.toString()));
  }
}
