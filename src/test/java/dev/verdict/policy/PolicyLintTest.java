package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lint: every error at once, and warnings for policies that load but are risky. */
class PolicyLintTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 15);

  @TempDir
  Path dir;

  @BeforeEach
  void key() {
    TestPolicies.ecKey(dir, "keys/release.pub");
  }

  private List<String> lint(String name, String yaml) {
    Path f = TestPolicies.write(dir, name, yaml);
    return PolicyLoader.lint(List.of(f), TODAY).findings().stream()
        .map(x -> x.toString().substring(f.toString().length())).toList();
  }

  @Test
  void lint_severalErrors_reportsAllByLine() {
    Path f = TestPolicies.write(dir, "p.yaml", TestPolicies.keySigned("p").replace("spec:\n", "spec:\n  mode: x\n")
        .replace("from: [release]", "from: [nobody]") + "---\nkind: Secret\n");

    LoadResult r = PolicyLoader.lint(List.of(f), TODAY);

    assertEquals(List.of(
        f + ":6:9: error: spec.mode: unknown value 'x' (use enforce, warn, audit)",
        f + ":9:13: warning: spec.authorities: authority 'release' is not used (list it in signatures.from or an "
            + "attestation's from, or remove it)",
        f + ":11:23: error: spec.signatures.from[0]: unknown authority 'nobody' (known: release)",
        f + ":13:7: error: kind: unsupported kind 'Secret' (policy files hold kind: ImagePolicy or kind: SbomPolicy)"),
        r.findings().stream().map(Finding::toString).toList());
    assertTrue(r.hasErrors());
    assertEquals(List.of(), r.policies().policies());
  }

  @Test
  void lint_goodAndBadFiles_keepsGoodPolicies() {
    Path good = TestPolicies.write(dir, "a.yaml", TestPolicies.keySigned("good"));
    TestPolicies.write(dir, "b.yaml", TestPolicies.keySigned("bad").replace("verdict.dev/v1", "v1"));

    LoadResult r = PolicyLoader.lint(List.of(dir), TODAY);

    assertEquals(List.of("good"), r.policies().policies().stream().map(ImagePolicy::name).toList());
    assertEquals(1, r.errors().size());
    assertEquals(good.getParent().resolve("b.yaml").toString(), r.errors().get(0).file());
  }

  @Test
  void lint_cleanPolicy_hasNoFindings() {
    assertEquals(List.of(), lint("p.yaml", TestPolicies.keySigned("p")));
  }

  @Test
  void lint_unanchoredOrAnyRegExp_warns() {
    assertEquals(List.of(
        ":9:46: warning: spec.authorities[0].keyless.identities[0].subjectRegExp: is not anchored with ^...$ (verdict "
            + "matches the whole value, but cosign and other tools match any value containing the pattern; anchor "
            + "it so it reads as it works)",
        ":9:71: warning: spec.authorities[0].keyless.identities[0].issuerRegExp: matches any value (name the issuer "
            + "you trust)"),
        lint("p.yaml", TestPolicies.keySigned("p").replace("key: {path: keys/release.pub}",
            "keyless: {identities: [{subjectRegExp: 'acme/.+', issuerRegExp: '.*'}]}")));
  }

  @Test
  void lint_optionalTlog_warns() {
    assertEquals(List.of(":9:62: warning: spec.authorities[0].keyless.tlog: optional accepts signatures without a "
        + "transparency-log proof (keep the default, required, unless this signer never uses a log)"),
        lint("p.yaml", TestPolicies.keySigned("p").replace("key: {path: keys/release.pub}",
            "keyless: {identities: [{issuer: i, subject: s}], tlog: optional}")));
  }

  @Test
  void lint_auditInProductionFile_warns() {
    String audit = TestPolicies.keySigned("p").replace("spec:\n", "spec:\n  mode: audit\n");
    assertEquals(List.of(":6:9: warning: spec.mode: audit never denies, in a file named for production (use "
        + "enforce)"), lint("prod-cluster.yaml", audit));
    assertEquals(List.of(), lint("products.yaml", audit));
  }

  @Test
  void lint_auditOverEveryImage_warns() {
    assertEquals(List.of(":6:9: warning: spec.mode: audit over images [\"**\"] checks every image and denies none "
        + "(use enforce or warn, or narrow images)"), lint("p.yaml", TestPolicies.keySigned("p")
            .replace("spec:\n", "spec:\n  mode: audit\n").replace("\"ghcr.io/acme/**\"", "\"**\"")));
  }

  @Test
  void lint_expiredException_warnsButLoads() {
    Path f = TestPolicies.write(dir, "p.yaml", TestPolicies.keySigned("p")
        + "  exceptions: [{images: [ghcr.io/acme/old], reason: OPS-1, expires: 2026-11-14}]\n");

    LoadResult r = PolicyLoader.lint(List.of(f), TODAY);

    assertEquals(List.of(f + ":11:69: warning: spec.exceptions[0].expires: expired on 2026-11-14 (remove the "
        + "exception or extend it)"), r.findings().stream().map(Finding::toString).toList());
    assertFalse(r.hasErrors());
    assertEquals(1, r.policies().policies().size());
    assertEquals(List.of(), PolicyLoader.lint(List.of(f), LocalDate.of(2026, 11, 14)).findings());
  }

  @Test
  void lint_signedIdentityAny_warns() {
    assertEquals(List.of(":11:19: warning: spec.signedIdentity: any accepts a signature made for any image, so one "
        + "signed image vouches for another (use repository, or remap for mirrors)"),
        lint("p.yaml", TestPolicies.keySigned("p") + "  signedIdentity: any\n"));
  }

  @Test
  void lint_ruleOnWrongPredicateType_warns() {
    assertEquals(List.of(":12:87: warning: spec.attestations[0].sbom: applies to CycloneDX and SPDX SBOMs, but "
        + "predicateType is https://slsa.dev/provenance/v1"), lint("p.yaml", TestPolicies.keySigned("p")
            + "  attestations:\n    - {name: a, predicateType: https://slsa.dev/provenance/v1, from: [release], "
            + "sbom: {maxAge: 1d}}\n"));
  }

  @Test
  void lint_authoritiesSharingAKeyOrIdentity_warn() throws Exception {
    String pem = java.nio.file.Files.readString(dir.resolve("keys/release.pub")).strip().replace("\n", "\n          ");
    List<String> found = lint("shared.yaml", """
        apiVersion: verdict.dev/v1
        kind: ImagePolicy
        metadata: {name: shared}
        spec:
          images: ["ghcr.io/acme/**"]
          authorities:
            - name: release
              key: {path: keys/release.pub}
            - name: inline
              key:
                pem: |
                  %s
            - name: ci
              keyless:
                identities: [{issuer: https://issuer.example, subject: ci@acme.example}]
            - name: ci-again
              keyless:
                identities: [{issuer: https://issuer.example, subject: ci@acme.example}]
          signatures: {require: 2, from: [release, inline, ci, ci-again]}
        """.formatted(pem));
    assertTrue(found.stream().anyMatch(f -> f.matches(":9:13: warning: spec.authorities: authorities 'release' and "
        + "'inline' accept the same key \\(sha256:[0-9a-f]{16}\\): one signer counts once toward signatures.require")),
        found.toString());
    assertTrue(found.contains(":19:13: warning: spec.authorities: authorities 'ci' and 'ci-again' accept the same "
        + "identity (subject ci@acme.example, issuer https://issuer.example): one signer counts once toward "
        + "signatures.require"), found.toString());
  }
}
