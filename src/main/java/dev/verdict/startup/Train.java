package dev.verdict.startup;

import dev.verdict.cli.Main;
import dev.verdict.cli.VerdictCommand;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Class-loading workload for the AppCDS archive that {@code bin/verdict} builds on first use: runs every command's
 * hot path in-process (key, policy and registry verifies, keyless message and DSSE bundles, attestations with SBOM
 * rules through {@code policy test}, SBOM checks, policy lint, inspect) against bundled files so that their classes
 * are archived. Output is discarded; never used for a verdict.
 */
public final class Train {
  private Train() {}

  public static void main(String[] args) {
    Path home = Path.of(args.length > 0 ? args[0] : ".");
    // Main itself is never run here; unless it is loaded, it stays out of the archive, and loading it from the jar
    // at every start opens and indexes the whole jar (about 25 ms of a 120 ms --version)
    if (!Main.class.getName().equals("dev.verdict.cli.Main")) {
      throw new IllegalStateException("renamed entry point");
    }
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    String layout = "oci:" + home.resolve("testdata/layouts/hello");
    String key = home.resolve("testdata/keys/cosign-test.pub").toString();
    run(sink, "--version");
    run(sink, "--help");
    run(sink, "verify", "--help");
    if (Files.isDirectory(home.resolve("testdata/layouts/hello"))) {
      run(sink, "verify", layout, "--key", key);
      run(sink, "verify", layout, "--key", key, "--format", "json");
    }
    Path hello = home.resolve("testdata/layouts/hello");
    if (Files.isDirectory(hello)) {
      try (TrainingRegistry registry = new TrainingRegistry(hello)) {
        run(sink, "verify", registry.host() + "/verdict/hello:1.0", "--key", key, "--signed-identity", "any");
      } catch (java.io.IOException e) {
        // no loopback socket: the archive simply lacks the registry client
      }
    }
    Path policy = home.resolve("policies/key-signed.yaml");
    if (Files.isRegularFile(policy)) {
      run(sink, "verify", layout, "--policy", policy.toString());
    }
    // keyless hot paths: a v0.3 message-signature bundle and a DSSE attestation bundle (GitHub), offline
    Path bundles = home.resolve("testdata/sigstore-bundles");
    Path py = bundles.resolve("sigstore-python/test/assets");
    if (Files.isDirectory(py)) {
      run(sink, "verify-artifact", py.resolve("bundle_v3.txt").toString(),
          "--bundle", py.resolve("bundle_v3.txt.sigstore").toString(),
          "--certificate-identity", "william@yossarian.net",
          "--certificate-oidc-issuer", "https://github.com/login/oauth",
          "--trusted-root", bundles.resolve("derived-trust-roots/STAGING-trusted_root.sigstore-python-store.json")
              .toString());
    }
    Path gh = bundles.resolve("gh-cli/pkg/cmd/attestation/test/data");
    if (Files.isDirectory(gh)) {
      run(sink, "verify-artifact", gh.resolve("reusable-workflow-artifact").toString(),
          "--bundle", gh.resolve("reusable-workflow-attestation.sigstore.json").toString(),
          "--certificate-identity-regexp", "^https://github\\.com/.+$",
          "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com",
          "--trusted-root", bundles.resolve("derived-trust-roots/PROD-trusted_root.sigstore-python-store.json")
              .toString());
    }
    // SBOM rules (CycloneDX and SPDX parsers, license expressions, purl ranges)
    Path sbomPolicy = home.resolve("testdata/sbom-policy/juice-shop.yaml");
    if (Files.isRegularFile(sbomPolicy)) {
      run(sink, "sbom", "check", home.resolve("testdata/sbom/juice-shop-cdx-1.4.json").toString(),
          "--policy", sbomPolicy.toString());
      run(sink, "sbom", "check", home.resolve("testdata/sbom/examplemaven-spdx-2.3.json").toString(),
          "--deny-license", "AGPL-3.0-only");
    }
    attestationsAndPolicies(sink, home, layout);
  }

  /** Attestation hot paths (DSSE envelopes, in-toto statements, SBOM rules over them), policy lint and inspect. */
  private static void attestationsAndPolicies(PrintStream sink, Path home, String layout) {
    Path sbomTests = home.resolve("policies/tests/sbom-licenses.test.yaml");
    if (Files.isRegularFile(sbomTests)) {
      run(sink, "policy", "test", sbomTests.toString());
    }
    Path policy = home.resolve("policies/key-signed.yaml");
    if (Files.isRegularFile(policy)) {
      run(sink, "policy", "lint", policy.toString());
    }
    if (Files.isDirectory(home.resolve("testdata/layouts/hello"))) {
      run(sink, "inspect", layout);
    }
  }

  private static void run(PrintStream sink, String... args) {
    try {
      VerdictCommand.run(args, sink, sink);
    } catch (RuntimeException e) {
      // training only loads classes; a failing command still loaded most of them
    }
  }
}
