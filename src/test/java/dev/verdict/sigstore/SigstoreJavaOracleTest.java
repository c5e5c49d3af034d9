package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * sigstore-java 2.0.0 as an independent oracle: every case of testdata/sigstore-bundles/cases.jsonl goes through its
 * {@code KeylessVerifier} (offline, with the case's trusted root) and through ours. Where the two decide differently
 * the case must be listed in {@link #KNOWN} with the reason; a new disagreement (or one that went away) fails.
 */
class SigstoreJavaOracleTest {
  static final String NO_TLOG = "no log entry, an RFC 3161 timestamp only (GitHub's private instance): 2.0.0 "
      + "requires a log entry";
  static final String SHA512 = "the artifact digest is SHA-512 (npm provenance): 2.0.0 compares SHA-256 subject "
      + "digests only";
  static final String SET_ONLY = "v0.1 entry with a SET and no inclusion proof (valid for v0.1 by the spec): 2.0.0 "
      + "requires a proof";
  static final String KEY_SIGNED = "signed by a public key, not a certificate: 2.0.0's KeylessVerifier verifies "
      + "certificates only";
  static final String ROOT_FIRST = "the trusted root lists its CA chain root first: 2.0.0 expects the leaf first";
  static final String SHA384 = "message digest SHA2_384/SHA2_512 (P-384/P-521 key): 2.0.0 reads SHA2_256 only";
  static final String OTHERNAME = "the SAN is an otherName (username): 2.0.0's identity matcher cannot read it";
  static final String REKOR_V2_DSSE = "Rekor v2 DSSE entry (hashedrekord/0.0.2 over the PAE): 2.0.0 cannot parse "
      + "its body";
  static final String NO_CHECKPOINT = "v0.1 inclusion proof without a checkpoint, verified by its SET: 2.0.0 "
      + "rejects it";
  static final String EXPIRED = "certificate expired at the log's integrated time: 2.0.0 does not check it "
      + "(its false accept)";

  /** Case id -> why sigstore-java 2.0.0 decides differently from verdict (verdict's decision is the tested one). */
  static final Map<String, String> KNOWN = Map.ofEntries(
      Map.entry("gh-cli/github_provenance_demo (GitHub private instance, no tlog)", NO_TLOG),
      Map.entry("sigstore-java/github-private-no-tlog", NO_TLOG),
      Map.entry("gh-cli/sigstore-js-2.1.0-bundle", SHA512),
      Map.entry("gh-cli/sigstore-js-2.1.0-bundle-v0.1", SHA512),
      Map.entry("gh-cli/sigstore-js-2.1.0_with_2_bundles#0", SHA512),
      Map.entry("gh-cli/sigstore-js-2.1.0_with_2_bundles#1", SHA512),
      Map.entry("sigstore-go/sigstore.js@2.0.0-provenance", SHA512),
      Map.entry("sigstore-js/tests/bundles/bundleV01-dsse-with-proof.sigstore", SHA512),
      Map.entry("sigstore-js/tests/bundles/bundleV01-intoto-with-proof.sigstore", SHA512),
      Map.entry("sigstore-js/tests/bundles/bundleV02-dsse.sigstore", SHA512),
      Map.entry("sigstore-js/tests/bundles/bundleV02-intoto.sigstore", SHA512),
      Map.entry("sigstore-js/tests/bundles/bundleV03-dsse.sigstore", SHA512),
      Map.entry("sigstore-js/tests/bundles/bundleV03-intoto.sigstore", SHA512),
      Map.entry("sigstore-go/dsse.sigstore.json", SET_ONLY),
      Map.entry("sigstore-go/examples/bundle-provenance", SET_ONLY),
      Map.entry("sigstore-java/bundle.v1.no.inclusion.sigstore", SET_ONLY),
      Map.entry("sigstore-js/client-valid/v1.dsse.withSigningCert", SET_ONLY),
      Map.entry("sigstore-js/client-valid/v1.messageSignature.withSigningCert", SET_ONLY),
      Map.entry("sigstore-js/tests/bundles/bundleV01-dsse-no-proof.sigstore", SET_ONLY),
      Map.entry("sigstore-js/tests/bundles/bundleV01-full-cert-chain.sigstore", SET_ONLY),
      Map.entry("sigstore-js/tests/bundles/bundleV01-intoto-no-proof.sigstore", SET_ONLY),
      Map.entry("sigstore-go/examples/bundle-publish (npm registry key)", KEY_SIGNED),
      Map.entry("sigstore-js/client-valid/v1.dsse.withPublicKey", KEY_SIGNED),
      Map.entry("sigstore-js/client-valid/v2.messageSignature.withSigningCert", ROOT_FIRST),
      Map.entry("sigstore-js/client-valid/v3.messageSignature.withSigningCert", ROOT_FIRST),
      Map.entry("sigstore-js/client-valid/v3.dsse.withSigningCert", ROOT_FIRST),
      Map.entry("sigstore-java/PKIX_ECDSA_P384_SHA_384.sigstore.json", SHA384),
      Map.entry("sigstore-java/PKIX_ECDSA_P521_SHA_512.sigstore.json", SHA384),
      Map.entry("sigstore-go/othername", OTHERNAME),
      Map.entry("sigstore-python/a.dsse.staging-rekor-v2.txt", REKOR_V2_DSSE),
      Map.entry("sigstore-python/integration/Python-3.12.5.tgz (v0.1, proof w/o checkpoint)", NO_CHECKPOINT),
      Map.entry("sigstore-java/bundle-with-expired-cert.sigstore", EXPIRED));

  /** The only cases sigstore-java 2.0.0 accepts and verdict denies: each a false accept of sigstore-java's. */
  static final List<String> ORACLE_ACCEPTS = List.of("sigstore-java/bundle-with-expired-cert.sigstore");

  @Test
  void verify_everyCase_disagreesOnlyWhereExplained() throws Exception {
    Map<String, String> found = new TreeMap<>();
    List<String> table = new ArrayList<>();
    for (BundleCase c : BundleCase.all()) {
      boolean ours = ours(c);
      String theirs = theirs(c);
      if (ours != (theirs == null)) {
        found.put(c.id(), (ours ? "verdict passes; sigstore-java: " + theirs : "verdict fails; sigstore-java passes"));
      }
      table.add((ours ? "pass" : "fail") + " " + (theirs == null ? "pass" : "fail") + "  " + c.id());
    }
    found.forEach((id, what) -> System.out.println("DISAGREE " + id + " :: " + what
        + (KNOWN.containsKey(id) ? " :: " + KNOWN.get(id) : " :: UNEXPLAINED")));
    System.out.println("sigstore-java 2.0.0 agrees with verdict on " + (table.size() - found.size()) + " of "
        + table.size() + " cases");
    assertEquals(new TreeMap<>(KNOWN).keySet(), found.keySet(),
        "disagreements with sigstore-java changed; explain each new one in KNOWN (one line), drop the gone ones");
    assertEquals(ORACLE_ACCEPTS, found.entrySet().stream().filter(e -> e.getValue().startsWith("verdict fails"))
        .map(Map.Entry::getKey).toList());
  }

  private static boolean ours(BundleCase c) {
    try {
      c.verify();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Null when sigstore-java verifies the case, else its reason. */
  private static String theirs(BundleCase c) {
    try {
      KeylessVerifier v = KeylessVerifier.builder()
          .trustedRootProvider(TrustedRootProvider.from(BundleCase.DIR.resolve(c.trustedRoot()))).build();
      Bundle bundle = Bundle.from(BundleCase.DIR.resolve(c.bundle()), StandardCharsets.UTF_8);
      dev.sigstore.ImmutableVerificationOptions.Builder options = VerificationOptions.builder();
      for (String id : c.identities()) {
        options.addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
            .issuer(StringMatcher.string(c.issuer())).subjectAlternativeName(StringMatcher.string(id)).build());
      }
      v.verify(digest(c), bundle, options.build());
      return null;
    } catch (Exception | LinkageError e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** The artifact's digest as sigstore-java takes it (it assumes SHA-256). */
  private static byte[] digest(BundleCase c) throws Exception {
    if (c.artifact() != null) {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(BundleCase.DIR.resolve(c.artifact())));
    }
    if (c.artifactDigest() == null) {
      // the case names no artifact (ours then checks no subject); sigstore-java needs one: the statement's own
      return subjectSha256(Files.readAllBytes(BundleCase.DIR.resolve(c.bundle())));
    }
    return HexFormat.of().parseHex(c.artifactDigest().substring(c.artifactDigest().indexOf(':') + 1));
  }

  /** The first sha256 subject digest of a DSSE bundle's in-toto statement (zeros for any other bundle). */
  private static byte[] subjectSha256(byte[] bundle) {
    JsonNode env = Json.read(bundle).get("dsseEnvelope");
    JsonNode statement;
    try {
      statement = Json.read(Base64.getDecoder().decode(env.get("payload").asString()));
    } catch (RuntimeException e) {
      return new byte[32]; // not a DSSE bundle, or its payload is not a JSON statement
    }
    for (JsonNode s : statement.path("subject")) {
      JsonNode d = s.path("digest").get("sha256");
      if (d != null) {
        return HexFormat.of().parseHex(d.asString());
      }
    }
    return new byte[32];
  }
}
