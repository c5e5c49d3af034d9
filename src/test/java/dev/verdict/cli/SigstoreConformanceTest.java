package dev.verdict.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The bundle-verification cases of the Sigstore conformance suite (sigstore/sigstore-conformance @a73de49,
 * {@code test/assets/bundle-verify}, copied to testdata/sigstore-bundles/sigstore-conformance), run through
 * {@code verdict verify-artifact} as the suite's {@code test_verify} runs a client: each case with the artifact as a
 * file and as its sha256 digest, the identity, issuer, key and trusted root the case directory names (else the
 * suite's defaults and the public-good production root). A case named {@code *_fail} must be rejected with the
 * documented exit code and a one-line reason that names what the case is about; any other case must verify.
 */
class SigstoreConformanceTest {
  static final Path DIR = Path.of("testdata/sigstore-bundles/sigstore-conformance");
  static final Path PROD = Path.of(
      "testdata/sigstore-bundles/derived-trust-roots/PROD-trusted_root.sigstore-python-store.json");
  static final String IDENTITY = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
      + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
  static final String ISSUER = "https://token.actions.githubusercontent.com";

  /** Why each {@code _fail} case must be rejected: a pattern its one-line reason must contain. */
  static final Map<String, String> REASONS = Map.ofEntries(
      Map.entry("bundle-empty-certificate-chain_fail", "x509CertificateChain is empty"),
      Map.entry("bundle-from-wrong-instance_fail", "log entry is from an unknown log"),
      Map.entry("bundle-invalid-base64-signature_fail",
          "bundle is malformed: messageSignature.signature is not valid base64"),
      Map.entry("bundle-malformed-json_fail", "bundle is malformed: not valid JSON"),
      Map.entry("bundle-negative-log-index_fail",
          "bundle is malformed: verificationMaterial.tlogEntries\\[0\\].logIndex is negative: -1"),
      Map.entry("bundle-unknown-version_fail", "unsupported bundle media type"),
      Map.entry("bundle-with-root-cert_fail", "certificate chain contains a root certificate the trusted root does "
          + "not list"),
      Map.entry("checkpoint-bad-keyhint_fail", "checkpoint has no signature by log key https://rekor.sigstore.dev"),
      Map.entry("checkpoint-wrong-roothash_fail", "checkpoint \\(size .*\\) does not match the inclusion proof"),
      Map.entry("dsse-invalid-sig_fail", "DSSE signature does not verify"),
      Map.entry("dsse-mismatch-envelope_fail", "log entry payload hash .* does not match"),
      Map.entry("dsse-mismatch-sig_fail", "log entry signature does not match the bundle's signature"),
      Map.entry("inclusion-proof-corrupted-hash_fail", "inclusion proof does not lead to root hash"),
      Map.entry("incorrect-public-key_fail", "log entry signer .* is not the bundle's signer"),
      Map.entry("integrated-time-in-future_fail",
          "certificate not valid at signing time 2026-05-07T15:34:11Z \\(Rekor integrated time\\)"),
      Map.entry("intoto-expired-certificate_fail",
          "certificate not valid at signing time 2023-02-01T00:00:00Z \\(Rekor integrated time\\)"),
      Map.entry("intoto-log-entry-mismatch_fail", "log entry signature does not match the bundle's signature"),
      Map.entry("intoto-missing-inclusion-proof_fail", "v0.2 bundle log entry has no inclusion proof"),
      Map.entry("intoto-set-outside-signing-cert-validity_fail",
          "certificate not valid at signing time 2023-02-02T00:00:00Z \\(Rekor integrated time\\)"),
      // the integrated time is inside the window, the TSA's one day after it: the refusal names which time failed
      Map.entry("intoto-tsa-timestamp-outside-cert-validity_fail",
          "certificate not valid at signing time 2023-02-02T00:00:00Z \\(RFC 3161 timestamp\\)"),
      Map.entry("invalid-checkpoint-signature_fail", "checkpoint signature does not verify with log key"),
      Map.entry("invalid-ct-key_fail", "no embedded SCT verifies with a trusted CT log; SCT from unknown CT log"),
      Map.entry("invalid-inclusion-proof_fail", "inclusion proof does not lead to root hash"),
      Map.entry("managed-key-no-key_fail", "bundle carries no certificate, but a certificate signer was required"),
      Map.entry("managed-key-wrong-key_fail", "artifact signature does not verify"),
      Map.entry("message-digest-mismatch_fail", "bundle message digest does not match the artifact"),
      Map.entry("rekor2-checkpoint-missing-log-signature_fail", "checkpoint has no signature by log key"),
      Map.entry("rekor2-checkpoint-missing-origin_fail", "checkpoint has fewer than 3 lines"),
      Map.entry("rekor2-checkpoint-missing-root-hash_fail", "checkpoint has fewer than 3 lines"),
      Map.entry("rekor2-checkpoint-missing-size_fail", "checkpoint has fewer than 3 lines"),
      Map.entry("rekor2-checkpoint-no-matching-signature_fail",
          "checkpoint origin log2025-alpha1.rekor.github.dev is not the log's \\(log2025-alpha1.rekor.sigstage.dev"),
      Map.entry("rekor2-dsse-invalid-sig_fail", "DSSE signature does not verify"),
      Map.entry("rekor2-dsse-mismatch-envelope_fail", "log entry PAE digest .* does not match"),
      Map.entry("rekor2-dsse-mismatch-sig_fail", "log entry signature does not match the bundle's signature"),
      Map.entry("rekor2-no-inclusion-proof_fail", "v0.3 bundle log entry has no inclusion proof"),
      Map.entry("rekor2-no-timestamp_fail", "no verified signing time"),
      Map.entry("rekor2-timestamp-outside-trust-root-tsa-validity_fail",
          "TSA timestampAuthorities\\[0\\] .* is not valid at timestamp 2025-06-12T12:02:20Z"),
      Map.entry("rekor2-timestamp-outside-tsa-cert-validity_fail",
          "timestamp is not signed by a trusted TSA; .*certificate not valid when time stamp created"),
      Map.entry("rekor2-timestamp-payload-mismatch_fail", "timestamp is over other data than this signature"),
      Map.entry("rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail", "timestamp is not signed by a trusted TSA"),
      Map.entry("rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail",
          "timestamp is not signed by a trusted TSA"),
      // the timestamp's value is base64 wrapped at 76 columns (as `base64` writes it): read, then judged by its time
      Map.entry("rekor2-timestamp-with-incorrect-time_fail",
          "certificate not valid at signing time 2025-07-15T10:33:31Z \\(RFC 3161 timestamp\\)"),
      Map.entry("set-invalid-signature_fail", "Rekor SET signature does not verify"),
      Map.entry("signature-mismatch_fail", "artifact signature does not verify"),
      Map.entry("trust-root-tlog-missing-validity-start_fail",
          "trusted_root.json: tlogs\\[1\\].publicKey.validFor.start: is required"),
      Map.entry("wrong-hashedrekord-artifact_fail", "log entry artifact digest .* does not match"),
      Map.entry("wrong-hashedrekord-cert-and-sig_fail", "log entry signature does not match the bundle's signature"),
      Map.entry("wrong-hashedrekord-entry_fail", "log entry artifact digest .* does not match"),
      Map.entry("wrong-material_fail", "bundle message digest does not match the artifact"));

  /** Cases rejected before verification: a bad trusted root is invalid configuration (exit 3), not a denial. */
  static final Set<String> CONFIG_ERRORS = Set.of("trust-root-tlog-missing-validity-start_fail");

  static List<String> cases() throws Exception {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> Files.isRegularFile(p.resolve("bundle.sigstore.json")))
          .map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The suite's arguments (test/client.py, build_verify_args) as bench/conformance/verdict-conformance maps them. */
  static List<String> args(String name, boolean digest) throws Exception {
    Path dir = DIR.resolve(name);
    List<String> a = new ArrayList<>(List.of("verify-artifact"));
    Path artifact = Files.exists(dir.resolve("artifact")) ? dir.resolve("artifact") : DIR.resolve("a.txt");
    a.add(digest ? "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(artifact))) : artifact.toString());
    a.addAll(List.of("--bundle", dir.resolve("bundle.sigstore.json").toString()));
    if (Files.exists(dir.resolve("key.pub"))) {
      a.addAll(List.of("--key", dir.resolve("key.pub").toString()));
    } else {
      a.addAll(List.of("--certificate-identity", read(dir.resolve("identity"), IDENTITY),
          "--certificate-oidc-issuer", read(dir.resolve("issuer"), ISSUER)));
    }
    Path root = dir.resolve("trusted_root.json");
    a.addAll(List.of("--trusted-root", (Files.exists(root) ? root : PROD).toString()));
    return a;
  }

  private static String read(Path p, String fallback) throws Exception {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8).strip() : fallback;
  }

  @Test
  void cases_everyFailCaseHasAReason_andNoReasonIsStale() throws Exception {
    Set<String> failing = cases().stream().filter(n -> n.endsWith("_fail")).collect(Collectors.toCollection(
        TreeSet::new));
    assertEquals(new TreeSet<>(REASONS.keySet()), failing);
    assertEquals(70, cases().size());
  }

  @TestFactory
  Stream<DynamicTest> verifyArtifact_conformanceCase_expectedOutcome() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : cases()) {
      for (boolean digest : new boolean[] {false, true}) {
        tests.add(DynamicTest.dynamicTest((digest ? "DIGEST " : "PATH ") + name, () -> check(name, digest)));
      }
    }
    return tests.stream();
  }

  static void check(String name, boolean digest) throws Exception {
    Cli.Result r = Cli.run(args(name, digest).toArray(String[]::new));
    if (!name.endsWith("_fail")) {
      assertEquals(0, r.code(), r::toString);
      assertTrue(r.out().contains("\nVerified OK ("), r::toString);
      return;
    }
    assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "stack trace\n" + r);
    String reason;
    if (CONFIG_ERRORS.contains(name)) {
      assertEquals(3, r.code(), r::toString);
      assertEquals(1, r.err().lines().count(), r::toString);
      reason = r.err().strip();
    } else {
      assertEquals(1, r.code(), r::toString);
      assertEquals("", r.err(), r::toString);
      List<String> verdict = r.out().lines().filter(l -> l.startsWith("Verification FAILED: ")).toList();
      assertEquals(1, verdict.size(), r::toString);
      reason = verdict.get(0);
    }
    assertTrue(Pattern.compile(REASONS.get(name)).matcher(reason).find(),
        "reason for " + name + " should match /" + REASONS.get(name) + "/, was: " + reason);
  }
  /**
   * The sibling of {@code rekor2-checkpoint-no-matching-signature_fail} that only renames the log's signature line
   * (its signature covers the note body, not that name): a Rekor v2 checkpoint must be signed under the log's own
   * name, so the line is not the log's and the checkpoint has no signature by it.
   */
  @Test
  void verifyArtifact_rekorV2CheckpointSignedUnderAnotherName_exit1() throws Exception {
    Path dir = DIR.resolve("rekor2-happy-path");
    String bundle = Files.readString(dir.resolve("bundle.sigstore.json"), StandardCharsets.UTF_8);
    String line = "\\u2014 log2025-alpha1.rekor.sigstage.dev ";
    assertTrue(bundle.contains(line), "fixture changed");
    Path renamed = Files.createTempFile("renamed-signer", ".sigstore.json");
    try {
      Files.writeString(renamed, bundle.replace(line, "\\u2014 log2025-alpha1.rekor.github.dev "));
      List<String> a = args("rekor2-happy-path", false);
      a.set(a.indexOf(dir.resolve("bundle.sigstore.json").toString()), renamed.toString());
      Cli.Result r = Cli.run(a.toArray(String[]::new));
      assertEquals(1, r.code(), r::toString);
      assertTrue(r.out().contains("Verification FAILED: checkpoint has no signature by log key "
          + "https://log2025-alpha1.rekor.sigstage.dev"), r::toString);
    } finally {
      Files.delete(renamed);
    }
  }
}
