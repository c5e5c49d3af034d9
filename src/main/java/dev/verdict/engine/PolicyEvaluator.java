package dev.verdict.engine;

import dev.verdict.VerdictException;
import dev.verdict.VerificationException;
import dev.verdict.discovery.SignatureLayer;
import dev.verdict.policy.Authority;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.SignatureRule;
import dev.verdict.report.Check;
import dev.verdict.report.Status;
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

  PolicyEvaluator(SignatureVerifier verifier) {
    this.verifier = verifier;
  }

  List<Check> evaluate(ImagePolicy policy, Evidence evidence, IdentityContext identity) throws VerdictException {
    List<Check> checks = new ArrayList<>();
    SignatureRule rule = policy.signatures();
    if (rule != null) {
      signatures(policy, rule, evidence, identity, checks);
    }
    if (!policy.attestations().isEmpty()) {
      for (var a : policy.attestations()) {
        checks.add(Check.of("attestation", a.name(), Status.ERROR,
            "attestation rules cannot be evaluated by this build; refusing to allow",
            "attestation " + a.predicateType(), "not evaluated"));
      }
    }
    return checks;
  }

  private void signatures(ImagePolicy policy, SignatureRule rule, Evidence evidence, IdentityContext identity,
      List<Check> checks) throws VerdictException {
    List<SignatureLayer> layers = evidence.signatures();
    String expectedIdentity = SignedIdentityCheck.expected(identity.rule(), identity.image(), identity.imageName());
    List<String> satisfied = new ArrayList<>();
    for (String name : rule.from()) {
      Authority authority = policy.authority(name);
      List<String> reasons = new ArrayList<>();
      Map<String, String> good = null;
      for (SignatureLayer layer : layers) {
        try {
          good = verifier.verify(layer, authority, evidence.digest(), identity);
          break;
        } catch (VerificationException e) {
          reasons.add(layer.label() + ": " + e.getMessage());
        }
      }
      String expected = "a valid signature by " + name + " for " + evidence.digest() + " signed as "
          + expectedIdentity;
      if (good != null) {
        satisfied.add(name);
        checks.add(new Check("signature", name, Status.PASS, "signed by " + name, expected,
            good.getOrDefault("signer", name), good));
      } else {
        String found = layers.isEmpty() ? "no signatures attached (" + evidence.digest().tagPrefix() + ".sig)"
            : layers.size() + " signature(s), none valid";
        Map<String, String> ev = new LinkedHashMap<>();
        for (int i = 0; i < reasons.size(); i++) {
          ev.put("rejected." + (i + 1), reasons.get(i));
        }
        checks.add(new Check("signature", name, Status.FAIL,
            layers.isEmpty() ? "no signature found" : "no valid signature by " + name + ": " + reasons.get(0),
            expected, found, ev));
      }
    }
    boolean met = satisfied.size() >= rule.require();
    checks.add(Check.of("signatures.threshold", null, met ? Status.PASS : Status.FAIL,
        met ? satisfied.size() + " of " + rule.require() + " required authorities signed"
            : "only " + satisfied.size() + " of the " + rule.require() + " required authorities signed",
        rule.require() + " of " + rule.from(), satisfied.isEmpty() ? "none" : satisfied.toString()));
  }
}
