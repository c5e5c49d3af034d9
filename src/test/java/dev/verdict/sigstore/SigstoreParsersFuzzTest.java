package dev.verdict.sigstore;

import static dev.verdict.testing.Fuzzing.expect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.verdict.ConfigException;
import dev.verdict.VerificationException;

/**
 * Fuzz tests (regression corpus in src/test/resources/dev/verdict/sigstore/SigstoreParsersFuzzTestInputs/; longer
 * runs with bench/fuzz.sh) for Sigstore material a registry or a signer hands us: cosign simple-signing payloads,
 * Sigstore bundles (parsed, and verified end to end against a real trusted root), trusted roots, in-toto subjects.
 */
class SigstoreParsersFuzzTest {

  @FuzzTest
  void parseSimpleSigning_anyBytes_payloadOrVerificationError(byte[] input) throws Throwable {
    expect(() -> SimpleSigning.parse(input), VerificationException.class);
  }

  @FuzzTest
  void parseBundle_anyBytes_bundleOrIllegalArgument(byte[] input) throws Throwable {
    expect(() -> Bundle.parse(input), IllegalArgumentException.class);
  }

  /** Hostile bundles through the whole verifier, keyless (production root) and key-signed. */
  @FuzzTest
  void verifyBundle_anyBytes_resultOrVerificationError(byte[] input) throws Throwable {
    for (BundleCase c : Cases.CASES) {
      expect(() -> {
        BundleResult r = BundleVerifier.verify(input, Cases.ARTIFACTS.get(c.id()), Cases.REQS.get(c.id()));
        if (r.signer().checks().stream().anyMatch(k -> k.status() == dev.verdict.result.Status.FAIL)) {
          throw new AssertionError("verified a bundle with a failed check");
        }
      }, SigstoreVerificationException.class);
    }
  }

  @FuzzTest
  void parseTrustedRoot_anyBytes_rootOrConfigError(byte[] input) throws Throwable {
    expect(() -> TrustedRoot.parse(input, "fuzz.json"), ConfigException.class);
  }

  @FuzzTest
  void dsseSubjects_anyBytes_subjectsOrIllegalArgument(byte[] input) throws Throwable {
    expect(() -> InTotoSubjects.subjects(input), IllegalArgumentException.class);
  }

  /** Two passing cases of testdata/sigstore-bundles, loaded once. */
  static final class Cases {
    static final java.util.List<BundleCase> CASES;
    static final java.util.Map<String, SignerRequirements> REQS = new java.util.HashMap<>();
    static final java.util.Map<String, ArtifactInput> ARTIFACTS = new java.util.HashMap<>();

    static {
      try {
        CASES = BundleCase.all().stream().filter(c -> c.id().equals("sigstore-js/tests/bundles/bundleV03-dsse.sigstore")
            || c.id().equals("sigstore-js/client-valid/v1.dsse.withPublicKey")).toList();
        for (BundleCase c : CASES) {
          REQS.put(c.id(), c.requirements());
          ARTIFACTS.put(c.id(), c.artifactInput());
        }
      } catch (Exception e) {
        throw new ExceptionInInitializerError(e);
      }
      if (CASES.size() != 2) {
        throw new IllegalStateException("fuzz cases missing from cases.jsonl");
      }
    }
  }
}
