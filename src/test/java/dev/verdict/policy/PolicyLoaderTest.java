package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import dev.verdict.sigstore.PublicKeyVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  @TempDir
  Path dir;

  @Test
  void load_fullPolicy_buildsEveryRecord() throws Exception {
    Path key = TestPolicies.ecKey(dir, "keys/release.pub");
    // the loader reads what a policy names (lint must refuse what verify would), so these are real files
    TestPolicies.write(dir, "trust/trusted_root.json",
        Files.readString(Path.of("testdata/policy/public-good-trusted_root.json")));
    TestPolicies.write(dir, "pki/roots.pem", Files.readString(Path.of("testdata/cosign-legacy/pki-cert")));
    TestPolicies.write(dir, "vex/app.openvex.json", Files.readString(Path.of("testdata/policy/app.openvex.json")));
    Path file = TestPolicies.write(dir, "production.yaml", """
        apiVersion: verdict.dev/v1
        kind: ImagePolicy
        metadata: {name: production}
        spec:
          images: ["ghcr.io/acme/**"]
          mode: warn
          authorities:
            - name: release-key
              key: {path: keys/release.pub}
            - name: ci
              keyless:
                trustedRoot: trust/trusted_root.json
                identities:
                  - issuer: https://token.actions.githubusercontent.com
                    subjectRegExp: '^https://github\\.com/acme/.+$'
                extensions: {sourceRepositoryURI: https://github.com/acme/app}
            - name: corp-pki
              certificate:
                roots: pki/roots.pem
                tlog: optional
                identities: [{subject: qa@acme.example}]
          signatures: {require: 2, from: [release-key, ci, corp-pki]}
          signedIdentity: {remap: [{from: "mirror.corp/hub/", signedAs: "docker.io/"}]}
          attestations:
            - name: provenance
              predicateType: https://slsa.dev/provenance/v1
              from: [ci]
              conditions:
                - expr: 'predicate.buildDefinition.buildType != ""'
                  message: no build type
              slsa: {builderIdRegExp: '^https://github\\.com/slsa-framework/.+$', sourceRef: refs/heads/main}
            - name: sbom
              predicateType: https://cyclonedx.org/bom
              from: [ci]
              sbom:
                deniedLicenses: [AGPL-3.0-only]
                deniedPackages: ["pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1"]
                requiredFields: [supplier, name]
                maxAge: 30d
            - name: vulns
              predicateType: https://cosign.sigstore.dev/attestation/vuln/v1
              from: [ci]
              vulnerabilities: {maxSeverity: medium, deniedIds: [CVE-2021-44228], maxAge: 2w, vex: [vex/app.openvex.json]}
          exceptions:
            - images: ["ghcr.io/acme/legacy"]
              reason: migration ticket OPS-12
              expires: 2027-01-31
        """);

    PolicySet set = PolicyLoader.load(List.of(file));

    ImagePolicy p = set.policies().get(0);
    assertEquals("production", p.name());
    assertEquals(new Location(file.toString(), 3, 18), p.location());
    assertEquals(Mode.WARN, p.mode());
    Authority.Key k = assertInstanceOf(Authority.Key.class, p.authority("release-key"));
    assertEquals(PublicKeyVerifier.fromPem(Files.readString(key)).fingerprint(), k.key().fingerprint());
    assertEquals(key.toAbsolutePath().normalize().toString(), k.source());
    Authority.Keyless ci = assertInstanceOf(Authority.Keyless.class, p.authority("ci"));
    assertEquals(dir.resolve("trust/trusted_root.json").toAbsolutePath(), ci.trustedRoot());
    assertTrue(ci.identities().get(0).subject().matches("https://github.com/acme/app/.github/workflows/r.yml@v1"));
    assertFalse(ci.identities().get(0).subject().matches("https://github.com/acme"));
    assertEquals("https://token.actions.githubusercontent.com", ci.identities().get(0).issuer().exact());
    assertEquals("https://github.com/acme/app", ci.extensions().get("sourceRepositoryURI"));
    assertEquals(TlogMode.REQUIRED, ci.tlog());
    Authority.Certificate pki = assertInstanceOf(Authority.Certificate.class, p.authority("corp-pki"));
    assertEquals(TlogMode.OPTIONAL, pki.tlog());
    assertNull(pki.identities().get(0).issuer());
    assertNull(pki.intermediates());
    assertEquals(2, p.signatures().require());
    assertEquals(List.of("release-key", "ci", "corp-pki"), p.signatures().from());
    assertEquals(SignedIdentity.Kind.REMAP, p.signedIdentity().kind());
    assertEquals("mirror.corp/hub", p.signedIdentity().remaps().get(0).from());
    assertEquals("docker.io", p.signedIdentity().remaps().get(0).signedAs());
    AttestationRule prov = p.attestations().get(0);
    assertEquals("predicate.buildDefinition.buildType != \"\"", prov.conditions().get(0).expr());
    assertEquals("refs/heads/main", prov.slsa().sourceRef().exact());
    assertNull(prov.slsa().buildType());
    assertEquals(Duration.ofDays(30), p.attestations().get(1).sbom().maxAge());
    assertEquals(List.of("supplier", "name"), p.attestations().get(1).sbom().requiredFields());
    assertEquals("medium", p.attestations().get(2).vulnerabilities().maxSeverity());
    assertEquals(Duration.ofDays(14), p.attestations().get(2).vulnerabilities().maxAge());
    assertEquals(List.of(dir.resolve("vex/app.openvex.json").toAbsolutePath()),
        p.attestations().get(2).vulnerabilities().vex());
    assertEquals(LocalDate.of(2027, 1, 31), p.exceptions().get(0).expires());
  }

  @Test
  void load_minimalPolicy_appliesSecureDefaults() throws Exception {
    TestPolicies.ecKey(dir, "keys/release.pub");
    Path file = TestPolicies.write(dir, "p.yaml", TestPolicies.keySigned("minimal"));

    ImagePolicy p = PolicyLoader.load(List.of(file)).policies().get(0);

    assertEquals(Mode.ENFORCE, p.mode());
    assertEquals(1, p.signatures().require());
    assertEquals(SignedIdentity.REPOSITORY, p.signedIdentity());
    assertEquals(List.of(), p.attestations());
    assertEquals(List.of(), p.exceptions());
  }

  @Test
  void load_multiDocumentYaml_readsEveryDocumentAndSkipsEmptyOnes() throws Exception {
    TestPolicies.ecKey(dir, "keys/release.pub");
    Path file = TestPolicies.write(dir, "p.yaml", "# leading comment\n---\n" + TestPolicies.keySigned("one")
        + "---\n---\n" + TestPolicies.keySigned("two") + "...\n");

    PolicySet set = PolicyLoader.load(List.of(file));

    assertEquals(List.of("one", "two"), set.policies().stream().map(ImagePolicy::name).toList());
    assertEquals(18, set.policies().get(1).location().line()); // metadata.name of the second policy
  }

  @Test
  void load_directory_readsPolicyFilesSortedAndNotSubdirectories() throws Exception {
    TestPolicies.ecKey(dir, "keys/release.pub");
    TestPolicies.write(dir, "b.yml", TestPolicies.keySigned("b"));
    TestPolicies.write(dir, "a.yaml", TestPolicies.keySigned("a"));
    TestPolicies.write(dir, "c.json", """
        {"apiVersion": "verdict.dev/v1", "kind": "ImagePolicy", "metadata": {"name": "c"},
         "spec": {"images": ["**"], "authorities": [{"name": "release", "key": {"path": "keys/release.pub"}}],
                  "signatures": {"from": ["release"]}}}
        """);
    TestPolicies.write(dir, "notes.txt", "not a policy");
    TestPolicies.write(dir, ".hidden.yaml", "not: a policy");
    TestPolicies.write(dir, "..data/a.yaml", "not: read");

    PolicySet set = PolicyLoader.load(List.of(dir));

    assertEquals(List.of("a", "b", "c"), set.policies().stream().map(ImagePolicy::name).toList());
  }

  @Test
  void load_json_readsSameModelWithPositions() throws Exception {
    TestPolicies.ecKey(dir, "keys/release.pub");
    Path file = TestPolicies.write(dir, "p.json", """
        {
        \t"apiVersion": "verdict.dev/v1",
        \t"kind": "ImagePolicy",
        \t"metadata": {"name": "json"},
        \t"spec": {
        \t\t"images": ["ghcr.io/acme/*"],
        \t\t"mode": "audit",
        \t\t"authorities": [{"name": "release", "key": {"path": "keys/release.pub"}}],
        \t\t"signatures": {"require": 1, "from": ["release"]}
        \t}
        }
        """);

    ImagePolicy p = PolicyLoader.load(List.of(file)).policies().get(0);

    assertEquals(Mode.AUDIT, p.mode());
    assertEquals(new Location(file.toString(), 4, 23), p.location());
    assertEquals(new Location(file.toString(), 9, 17), p.signatures().location());
  }

  @Test
  void load_relativeKeyPath_resolvesAgainstPolicyFileNotWorkingDirectory() throws Exception {
    Path key = TestPolicies.ecKey(dir, "shared/keys/release.pub");
    Path file = TestPolicies.write(dir, "policies/team/p.yaml",
        TestPolicies.keySigned("rel").replace("keys/release.pub", "../../shared/keys/release.pub"));

    ImagePolicy p = PolicyLoader.load(List.of(file)).policies().get(0);

    assertEquals(key.toAbsolutePath().normalize().toString(), ((Authority.Key) p.authority("release")).source());
  }

  @Test
  void load_inlinePem_loadsKey() throws Exception {
    Path key = TestPolicies.ecKey(dir, "k.pub");
    String pem = Files.readString(key).strip().replace("\n", "\n          ");
    Path file = TestPolicies.write(dir, "p.yaml", TestPolicies.keySigned("pem")
        .replace("key: {path: keys/release.pub}", "key:\n        pem: |\n          " + pem));

    Authority.Key k = (Authority.Key) PolicyLoader.load(List.of(file)).policies().get(0).authority("release");

    assertEquals("inline PEM", k.source());
    assertEquals("ecdsa-p256", k.key().kind());
  }

  @Test
  void load_signedIdentityKeywords_mapToKinds() throws Exception {
    TestPolicies.ecKey(dir, "keys/release.pub");
    for (SignedIdentity.Kind kind : List.of(SignedIdentity.Kind.REPOSITORY, SignedIdentity.Kind.EXACT,
        SignedIdentity.Kind.ANY)) {
      Path file = TestPolicies.write(dir, "p.yaml", TestPolicies.keySigned("s")
          + "  signedIdentity: " + kind.name().toLowerCase() + "\n");
      assertEquals(kind, PolicyLoader.load(List.of(file)).policies().get(0).signedIdentity().kind());
    }
  }

  @Test
  void load_attestationsOnly_isEnough() throws Exception {
    TestPolicies.ecKey(dir, "keys/release.pub");
    Path file = TestPolicies.write(dir, "p.yaml", TestPolicies.keySigned("att").replace(
        "  signatures: {from: [release]}\n",
        "  attestations: [{name: sbom, predicateType: https://spdx.dev/Document, from: [release]}]\n"));

    ImagePolicy p = PolicyLoader.load(List.of(file)).policies().get(0);

    assertNull(p.signatures());
    assertEquals("https://spdx.dev/Document", p.attestations().get(0).predicateType());
  }

  @Test
  void load_severalPaths_keepsOrderAndMatchesImages() throws Exception {
    TestPolicies.ecKey(dir, "keys/release.pub");
    Path a = TestPolicies.write(dir, "a.yaml", TestPolicies.keySigned("a"));
    Path b = TestPolicies.write(dir, "b.yaml", TestPolicies.keySigned("b").replace("ghcr.io/acme/**", "nginx"));

    PolicySet set = PolicyLoader.load(List.of(b, a));

    assertEquals(List.of("b", "a"), set.policies().stream().map(ImagePolicy::name).toList());
    assertEquals(List.of("b"), set.matching("docker.io/library/nginx:1.25").stream().map(ImagePolicy::name)
        .toList());
    assertEquals(List.of("a"), set.matching("ghcr.io/acme/app@sha256:" + "a".repeat(64)).stream()
        .map(ImagePolicy::name).toList());
  }

  @Test
  void load_onlyEmptyDocuments_failsClosed() {
    Path file = TestPolicies.write(dir, "p.yaml", "# nothing yet\n---\n");

    ConfigException e = assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(file)));

    assertEquals(file + ": no ImagePolicy or SbomPolicy documents found (an empty policy set would verify nothing)",
        e.getMessage());
  }
}
