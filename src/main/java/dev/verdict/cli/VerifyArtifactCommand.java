package dev.verdict.cli;

import dev.verdict.ConfigException;
import dev.verdict.InputFiles;
import dev.verdict.UndecidableException;
import dev.verdict.UsageException;
import dev.verdict.result.Check;
import dev.verdict.report.ExitCode;
import dev.verdict.sigstore.ArtifactInput;
import dev.verdict.sigstore.BundleResult;
import dev.verdict.sigstore.BundleVerifier;
import dev.verdict.sigstore.CertificateRequirements;
import dev.verdict.sigstore.Identity;
import dev.verdict.sigstore.KeyRequirements;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.sigstore.SigstoreVerificationException;
import dev.verdict.sigstore.SignerRequirements;
import dev.verdict.sigstore.StringMatch;
import dev.verdict.sigstore.TrustedRoot;
import dev.verdict.trust.TrustRoots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code verdict verify-artifact}: a file or digest against a Sigstore bundle, offline. */
@Command(name = "verify-artifact", mixinStandardHelpOptions = true,
    description = "Verifies a file or digest against a Sigstore bundle (v0.1-v0.3), offline.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:verified", "1:not verified", "2:usage error", "3:invalid key, trusted root or bundle file, "
        + "or no cached trust root", "4:cached TUF metadata expired and --require-fresh-trust"})
public final class VerifyArtifactCommand implements Callable<Integer> {
  /** The cap on a bundle file, as on an attestation file given to {@code verify}. */
  static final long MAX_BUNDLE_BYTES = 32L << 20;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE|sha256:HEX", description = "The artifact, or its sha256/sha512 digest.")
  String artifact;

  @Option(names = "--bundle", required = true, paramLabel = "B", description = "The Sigstore bundle (JSON).")
  Path bundle;

  @Option(names = "--key", paramLabel = "K", description = "PEM public key of the signer.")
  Path key;

  @Mixin
  KeylessFlags keyless = new KeylessFlags();

  @Option(names = "--trusted-root", paramLabel = "F|tuf", converter = TrustedRootOption.class,
      description = "Sigstore trusted_root.json, or 'tuf' for the trust root cached by 'verdict trust update' "
          + "(required for keyless, and for key-signed bundles with a log entry).")
  Path trustedRoot;

  @Option(names = "--require-fresh-trust", description = "Expired TUF metadata in the trust root cache is an error "
      + "(exit 4), not a warning.")
  boolean requireFreshTrust;

  @Option(names = "--certificate-extension", paramLabel = "NAME=VALUE",
      description = "Required Fulcio claim, e.g. sourceRepositoryURI=https://github.com/acme/app (repeatable).")
  Map<String, String> extensions = new LinkedHashMap<>();

  @Mixin
  TextJsonOutput outputFlags = new TextJsonOutput();

  @Option(names = "--debug", description = "Stack traces on errors.")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    List<OutputTargets.Target> targets = outputFlags.targets();
    SignerRequirements req = requirements();
    ArtifactInput input = artifactInput();
    byte[] bundleBytes = read(bundle, "bundle", MAX_BUNDLE_BYTES);
    PrintWriter out = spec.commandLine().getOut();
    try {
      BundleResult r = BundleVerifier.verify(bundleBytes, input, req);
      OutputTargets.write(targets, out, (f, w, toStdout) -> render(f, new PrintWriter(w), true, r.kind(),
          r.signer().checks(), null), ExitCode.ALLOW);
      return ExitCode.ALLOW;
    } catch (SigstoreVerificationException e) {
      OutputTargets.write(targets, out, (f, w, toStdout) -> render(f, new PrintWriter(w), false, null, e.checks(),
          e.getMessage()), ExitCode.DENY);
      return ExitCode.DENY;
    }
  }

  private SignerRequirements requirements() throws UsageException, ConfigException, UndecidableException {
    boolean certificate = keyless.identityOptions().any();
    boolean ignoreTlog = keyless.ignoreTlog;
    if ((key == null) == !certificate) {
      throw new UsageException("give either --key or --certificate-identity[-regexp] with "
          + "--certificate-oidc-issuer[-regexp]");
    }
    TrustRoots roots = TrustRoots.of(requireFreshTrust);
    TrustedRoot root = trustedRoot == null ? null : roots.get(trustedRoot);
    TrustedRootOption.warn(spec.commandLine(), roots.warnings());
    if (key != null) {
      if (!extensions.isEmpty() || !keyless.githubClaims().isEmpty()) {
        throw new UsageException("certificate claims (--certificate-extension, --certificate-github-workflow-*) "
            + "apply to keyless verification, not to --key");
      }
      PublicKeyVerifier k = PublicKeyVerifier.load(key);
      if (root == null && !ignoreTlog) {
        throw new UsageException("--key needs --trusted-root for the Rekor keys, or --insecure-ignore-tlog");
      }
      return new KeyRequirements(k, root, !ignoreTlog);
    }
    String identity = keyless.identity;
    String identityRegexp = keyless.identityRegexp;
    String issuer = keyless.issuer;
    String issuerRegexp = keyless.issuerRegexp;
    if ((identity == null) == (identityRegexp == null) || (issuer == null) == (issuerRegexp == null)) {
      throw new UsageException("give exactly one of --certificate-identity and --certificate-identity-regexp, "
          + "and exactly one of --certificate-oidc-issuer and --certificate-oidc-issuer-regexp");
    }
    if (root == null) {
      throw new UsageException("keyless verification needs --trusted-root FILE, or --trusted-root tuf after "
          + "'verdict trust update' (verdict never fetches trust material while verifying)");
    }
    Map<String, String> claims = new LinkedHashMap<>(extensions);
    for (Map.Entry<String, String> g : keyless.githubClaims().entrySet()) {
      if (claims.containsKey(g.getKey()) && !claims.get(g.getKey()).equals(g.getValue())) {
        throw new UsageException("--certificate-extension " + g.getKey() + " and its --certificate-github-workflow-* "
            + "flag differ");
      }
      claims.put(g.getKey(), g.getValue());
    }
    try {
      StringMatch subject = identity != null ? StringMatch.exact(identity) : StringMatch.regexp(identityRegexp);
      StringMatch iss = issuer != null ? StringMatch.exact(issuer) : StringMatch.regexp(issuerRegexp);
      return new CertificateRequirements(root, List.of(), List.of(), List.of(new Identity(iss, subject)),
          claims, !ignoreTlog, !keyless.ignoreSct);
    } catch (PatternSyntaxException e) {
      throw new UsageException("bad regular expression: " + e.getDescription() + " in " + e.getPattern());
    }
  }

  private ArtifactInput artifactInput() throws UsageException, ConfigException {
    if (artifact.matches("(?i)sha(256|384|512):[0-9a-f]+")) {
      try {
        return ArtifactInput.parseDigest(artifact);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return ArtifactInput.ofBytes(read(Path.of(artifact), "artifact", Integer.MAX_VALUE - 8));
  }

  private static byte[] read(Path file, String what, long cap) throws ConfigException, UsageException {
    try {
      return InputFiles.read(file, cap);
    } catch (NoSuchFileException e) {
      if (!what.equals("artifact")) {
        // as --key and --trusted-root: a named bundle that is not there is bad configuration (exit 3)
        throw new ConfigException(file, "cannot read " + what + ": does not exist", e);
      }
      throw new UsageException(what + " file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read " + what + ": " + InputFiles.reason(e), e);
    }
  }

  static void render(String format, PrintWriter out, boolean verified, String kind, List<Check> checks,
      String error) {
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("verified", verified);
      doc.put("kind", kind);
      doc.put("error", error);
      doc.put("checks", checks.stream().map(c -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("status", c.status().label());
        m.put("message", c.message());
        m.put("expected", c.expected());
        m.put("found", c.found());
        return m;
      }).toList());
      out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      out.flush();
      return;
    }
    for (Check c : checks) {
      out.printf("%-5s %-22s %s%n", c.status().label(), c.id(), c.message());
      if (c.expected() != null) {
        out.printf("      %-22s %s%n", "expected:", c.expected());
      }
      if (c.found() != null) {
        out.printf("      %-22s %s%n", "found:", c.found());
      }
    }
    out.println(verified ? "Verified OK (" + kind + ")" : "Verification FAILED: " + error);
    out.flush();
  }
}
