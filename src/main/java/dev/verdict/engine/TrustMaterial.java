package dev.verdict.engine;

import dev.verdict.ConfigException;
import dev.verdict.UndecidableException;
import dev.verdict.policy.AttestationRule;
import dev.verdict.policy.Authority;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.Location;
import dev.verdict.policy.PolicySet;
import dev.verdict.policy.TlogMode;
import dev.verdict.sbom.Vex;
import dev.verdict.sbom.VulnerabilityRule;
import dev.verdict.sigstore.CertificateRequirements;
import dev.verdict.sigstore.KeyRequirements;
import dev.verdict.sigstore.SignerRequirements;
import dev.verdict.sigstore.SigstoreVerifier;
import dev.verdict.sigstore.TrustedRoot;
import dev.verdict.trust.TrustRoots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trust material of every authority of a run (and the VEX documents its vulnerability rules name), loaded and
 * checked once before any image is verified: a broken trusted root, PEM or VEX file is exit 3, not a per-image
 * error. {@code defaultRoot} ({@code --trusted-root}) serves
 * authorities that name none.
 */
public final class TrustMaterial {
  private final Map<String, SigstoreVerifier> byAuthority = new HashMap<>();
  private final Map<VulnerabilityRule, List<Vex>> vex = new IdentityHashMap<>();

  private TrustMaterial() {}

  public static TrustMaterial load(PolicySet policies, Path defaultRoot)
      throws ConfigException, UndecidableException {
    return load(policies, defaultRoot, TrustRoots.of(false));
  }

  /**
   * As {@link #load(PolicySet, Path)}, trusted roots resolved by {@code roots} ({@code tuf}: the TUF cache, whose
   * expired metadata is a warning in {@link TrustRoots#warnings()}, or exit 4 when fresh trust is required).
   */
  public static TrustMaterial load(PolicySet policies, Path defaultRoot, TrustRoots roots)
      throws ConfigException, UndecidableException {
    TrustMaterial t = new TrustMaterial();
    for (ImagePolicy p : policies.policies()) {
      for (Authority a : p.authorities()) {
        t.byAuthority.put(key(p, a), new SigstoreVerifier(requirements(p, a, defaultRoot, roots)));
      }
      for (AttestationRule r : p.attestations()) {
        if (r.vulnerabilities() != null) {
          List<Vex> docs = new ArrayList<>();
          for (Path file : r.vulnerabilities().vex()) {
            docs.add(Vex.read(file));
          }
          t.vex.put(r.vulnerabilities(), docs);
        }
      }
    }
    return t;
  }

  /** The VEX documents a vulnerability rule names, read at load time. */
  List<Vex> vex(VulnerabilityRule rule) {
    return vex.getOrDefault(rule, List.of());
  }

  /** The Sigstore verifier of {@code a} in {@code p}, built once from its requirements when the material loaded. */
  SigstoreVerifier sigstore(ImagePolicy p, Authority a) {
    return byAuthority.get(key(p, a));
  }

  private static String key(ImagePolicy p, Authority a) {
    return p.name() + "\u0000" + a.name();
  }

  private static SignerRequirements requirements(ImagePolicy p, Authority a, Path defaultRoot,
      TrustRoots roots) throws ConfigException, UndecidableException {
    if (a instanceof Authority.Key k) {
      TrustedRoot root = defaultRoot == null ? null : root(defaultRoot, roots);
      return new KeyRequirements(k.key(), root, false);
    }
    try {
      if (a instanceof Authority.Keyless k) {
        Path file = k.trustedRoot() != null ? k.trustedRoot() : defaultRoot;
        if (file == null) {
          throw error(a.location(), "keyless authority '" + a.name() + "' needs a trusted root "
              + "(keyless.trustedRoot in the policy, or --trusted-root)");
        }
        return new CertificateRequirements(root(file, roots), List.of(), List.of(), k.identities(), k.extensions(),
            k.tlog() == TlogMode.REQUIRED, k.sct() == TlogMode.REQUIRED);
      }
      Authority.Certificate c = (Authority.Certificate) a;
      Path file = c.trustedRoot() != null ? c.trustedRoot() : defaultRoot;
      if (c.tlog() == TlogMode.REQUIRED && file == null) {
        throw error(a.location(), "certificate authority '" + a.name() + "' requires a log proof but has no "
            + "trusted root naming the log (add trustedRoot or --trusted-root, or set tlog: optional)");
      }
      return new CertificateRequirements(file == null ? null : root(file, roots),
          CertificateRequirements.loadPem(c.roots()),
          c.intermediates() == null ? List.of() : CertificateRequirements.loadPem(c.intermediates()),
          c.identities(), Map.of(), c.tlog() == TlogMode.REQUIRED, false);
    } catch (IllegalArgumentException e) {
      throw error(a.location(), "authority '" + a.name() + "': " + e.getMessage());
    }
  }

  private static TrustedRoot root(Path file, TrustRoots roots) throws ConfigException, UndecidableException {
    return roots.get(file);
  }

  private static ConfigException error(Location at, String problem) {
    return new ConfigException(at.file(), at.line(), at.column(), null, problem);
  }
}
