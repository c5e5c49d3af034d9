package dev.verdict.policy;

import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.sigstore.Identity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Who may sign: a public key, a keyless (Fulcio) identity, or a private PKI. */
public sealed interface Authority {
  String name();

  Location location();

  /** A public key ({@code key: {path}} or {@code {pem}}), loaded and checked at policy load time. */
  record Key(String name, Location location, PublicKeyVerifier key, String source) implements Authority {}

  /**
   * Keyless: certificates from a Fulcio CA in {@code trustedRoot}, with one of {@code identities}, the Fulcio
   * extension claims in {@code extensions} (exact values, keyed by the names in the README), a log proof unless
   * {@code tlog} is optional, and an embedded SCT unless {@code sct} is optional.
   */
  record Keyless(String name, Location location, Path trustedRoot, List<Identity> identities,
      Map<String, String> extensions, TlogMode tlog, TlogMode sct) implements Authority {
    public Keyless {
      identities = List.copyOf(identities);
      extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
      sct = sct == null ? TlogMode.REQUIRED : sct;
    }

    /** With an SCT required (the default). */
    public Keyless(String name, Location location, Path trustedRoot, List<Identity> identities,
        Map<String, String> extensions, TlogMode tlog) {
      this(name, location, trustedRoot, identities, extensions, tlog, TlogMode.REQUIRED);
    }
  }

  /** A private PKI: leaf certificates chaining to {@code roots} (through {@code intermediates}, which may be null). */
  record Certificate(String name, Location location, Path roots, Path intermediates, List<Identity> identities,
      TlogMode tlog, Path trustedRoot) implements Authority {
    public Certificate {
      identities = List.copyOf(identities);
    }
  }
}
