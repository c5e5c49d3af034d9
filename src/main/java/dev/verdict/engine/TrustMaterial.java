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
import java.util.LinkedHashMap;
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
  private final Map<String, String> files = new LinkedHashMap<>();

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
        for (Path f : files(a)) {
          t.file(f, roots);
        }
      }
      for (AttestationRule r : p.attestations()) {
        if (r.vulnerabilities() != null) {
          List<Vex> docs = new ArrayList<>();
          for (Path file : r.vulnerabilities().vex()) {
            docs.add(Vex.read(file));
            t.file(file, roots);
          }
          t.vex.put(r.vulnerabilities(), docs);
        }
      }
    }
    if (defaultRoot != null) {
      t.file(defaultRoot, roots);
    }
    return t;
  }

  /**
   * Every trust file the policies name (keys, trusted roots, PEM roots and intermediates, VEX documents, and
   * {@code --trusted-root}), in the order first named, each with the SHA-256 of its bytes as read at load time
   * (for the TUF cache: its mirror and update time). What {@link Verifier#fingerprint()} hashes.
   */
  public Map<String, String> files() {
    return java.util.Collections.unmodifiableMap(files);
  }

  private static List<Path> files(Authority a) {
    List<Path> out = new ArrayList<>();
    if (a instanceof Authority.Key k && k.source() != null && !"inline PEM".equals(k.source())) {
      out.add(Path.of(k.source()));
    } else if (a instanceof Authority.Keyless k && k.trustedRoot() != null) {
      out.add(k.trustedRoot());
    } else if (a instanceof Authority.Certificate c) {
      for (Path f : new Path[] {c.roots(), c.intermediates(), c.trustedRoot()}) {
        if (f != null) {
          out.add(f);
        }
      }
    }
    return out;
  }

  private void file(Path f, TrustRoots roots) throws ConfigException {
    String name = f.toString();
    if (files.containsKey(name)) {
      return;
    }
    if (TrustRoots.isTuf(f)) {
      files.put(name, roots.describe());
      return;
    }
    if (!java.nio.file.Files.isRegularFile(f)) {
      // a pipe or device was read once by the loader and cannot be read again: its bytes are unknown, so this
      // fingerprint must match no other (a cache keyed by it is never reused)
      files.put(name, "not a regular file, unique " + java.util.UUID.randomUUID());
      return;
    }
    try {
      byte[] bytes = dev.verdict.InputFiles.read(f, MAX_TRUST_FILE);
      files.put(name, dev.verdict.oci.Digest.sha256(bytes).toString());
    } catch (java.io.IOException e) {
      throw new ConfigException(f.toString(), 0, 0, null, "cannot read trust file: " + e.getMessage());
    }
  }

  /** Trust files are hashed whole; none that loaded is near this (the largest, a VEX document, is capped lower). */
  private static final long MAX_TRUST_FILE = 256L << 20;

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
