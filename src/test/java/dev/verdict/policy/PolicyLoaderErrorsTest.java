package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per error class: each asserts the exact one-line message, position included. */
class PolicyLoaderErrorsTest {
  @TempDir
  Path dir;

  @BeforeEach
  void key() {
    TestPolicies.ecKey(dir, "keys/release.pub");
  }

  /** Loads {@code yaml} as policy.yaml and returns the error message after the file name. */
  private String error(String yaml) {
    Path f = TestPolicies.write(dir, "policy.yaml", yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(f)));
    assertEquals(f.toString(), e.file());
    return e.getMessage().substring(f.toString().length());
  }

  private String errorIn(String from, String to) {
    return error(TestPolicies.keySigned("p").replace(from, to));
  }

  @Test
  void load_error_carriesFileLineColumnAndField() {
    Path f = TestPolicies.write(dir, "policy.yaml", TestPolicies.keySigned("p").replace("spec:\n", "spec:\n  mod: x\n"));

    ConfigException e = assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(f)));

    assertEquals(6, e.line());
    assertEquals(3, e.column());
    assertEquals("spec.mod", e.field());
    assertEquals("unknown field (did you mean mode?)", e.problem());
  }

  @Test
  void load_unknownField_suggestsNearestName() {
    assertEquals(":6:3: spec.mod: unknown field (did you mean mode?)", errorIn("spec:\n", "spec:\n  mod: warn\n"));
  }

  @Test
  void load_unknownFieldFarFromAny_listsKnownFields() {
    assertEquals(":9:7: spec.authorities[0].colour: unknown field (known: name, key, keyless, certificate)",
        errorIn("      key:", "      colour: red\n      key:"));
  }

  @Test
  void load_wrongType_namesExpectedAndFoundTypes() {
    assertEquals(":6:11: spec.images: expected a list, got a string (write [a, b] or one '- item' per line)",
        errorIn("[\"ghcr.io/acme/**\"]", "ghcr.io/acme/**"));
    assertEquals(":4:9: metadata.name: expected a string, got a number (quote the value)",
        errorIn("name: p", "name: 42"));
    assertEquals(":10:42: spec.signatures.require: expected an integer, got a string",
        errorIn("{from: [release]}", "{from: [release], require: one}"));
  }

  @Test
  void load_duplicateKey_namesFirstLine() {
    assertEquals(":7:3: spec.images: duplicate key (first at line 6; remove one)",
        errorIn("  authorities:", "  images: [\"**\"]\n  authorities:"));
  }

  @Test
  void load_missingOrWrongApiVersion_isError() {
    assertEquals(":1:1: apiVersion: is required (apiVersion: verdict.dev/v1)",
        errorIn("apiVersion: verdict.dev/v1\n", ""));
    assertEquals(":1:13: apiVersion: unsupported version 'verdict.dev/v2' (use verdict.dev/v1)",
        errorIn("verdict.dev/v1", "verdict.dev/v2"));
  }

  @Test
  void load_missingOrOtherKind_isError() {
    assertEquals(":1:1: kind: is required (kind: ImagePolicy or kind: SbomPolicy)",
        errorIn("kind: ImagePolicy\n", ""));
    assertEquals(":2:7: kind: unsupported kind 'ConfigMap' (policy files hold kind: ImagePolicy or kind: "
        + "SbomPolicy)", errorIn("kind: ImagePolicy", "kind: ConfigMap"));
    assertEquals(":2:7: kind: unsupported kind 'SBOMPolicy' (did you mean SbomPolicy?)",
        errorIn("kind: ImagePolicy", "kind: SBOMPolicy"));
  }

  @Test
  void load_missingName_isError() {
    assertEquals(":4:3: metadata.name: is required (name the policy; reports show it)",
        errorIn("  name: p", "  labels: {team: a}"));
  }

  @Test
  void load_missingOrEmptyImages_isError() {
    assertEquals(":6:3: spec.images: is required (list image globs such as ghcr.io/acme/**)",
        errorIn("  images: [\"ghcr.io/acme/**\"]\n", ""));
    assertEquals(":6:11: spec.images: must not be empty", errorIn("[\"ghcr.io/acme/**\"]", "[]"));
  }

  @Test
  void load_badEnumValues_listAcceptedValues() {
    assertEquals(":6:9: spec.mode: unknown value 'enforcing' (use enforce, warn, audit)",
        errorIn("spec:\n", "spec:\n  mode: enforcing\n"));
    assertEquals(":11:19: spec.signedIdentity: unknown value 'repo' (use repository, exact, any, {remap: [...]})",
        error(TestPolicies.keySigned("p") + "  signedIdentity: repo\n"));
  }

  @Test
  void load_badTlog_listsAcceptedValues() {
    assertEquals(":9:62: spec.authorities[0].keyless.tlog: unknown value 'off' (use required, optional)",
        errorIn("key: {path: keys/release.pub}", "keyless: {identities: [{issuer: i, subject: s}], tlog: off}"));
  }

  @Test
  void load_duplicateAuthorityName_isError() {
    assertEquals(":10:13: spec.authorities[1].name: duplicate authority name 'release' (first at line 8; names must "
        + "be unique within a policy)",
        errorIn("  signatures:", "    - name: release\n      key: {path: keys/release.pub}\n  signatures:"));
  }

  @Test
  void load_unknownAuthorityInFrom_suggestsDeclaredName() {
    assertEquals(":10:23: spec.signatures.from[0]: unknown authority 'relase' (did you mean release?)",
        errorIn("from: [release]", "from: [relase]"));
  }

  @Test
  void load_requireOutOfRange_isError() {
    assertEquals(":10:42: spec.signatures.require: must be at least 1 (got 0)",
        errorIn("{from: [release]}", "{from: [release], require: 0}"));
    assertEquals(":10:42: spec.signatures.require: 2 signatures required but from names only 1 authority (lower "
        + "require or add authorities)", errorIn("{from: [release]}", "{from: [release], require: 2}"));
  }

  @Test
  void load_missingKeyFile_namesResolvedPath() {
    assertEquals(":9:19: spec.authorities[0].key.path: file 'keys/missing.pub' does not exist (looked for "
        + dir.toAbsolutePath().resolve("keys/missing.pub") + "; paths are relative to the policy file)",
        errorIn("keys/release.pub", "keys/missing.pub"));
  }

  @Test
  void load_malformedKeyFile_isErrorAtPathField() throws Exception {
    Files.writeString(dir.resolve("keys/bad.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    Files.writeString(dir.resolve("keys/private.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

    assertEquals(":9:19: spec.authorities[0].key.path: invalid public key in 'keys/bad.pub': not a supported public "
        + "key (ECDSA P-256/P-384, RSA, Ed25519) (expected a PEM PUBLIC KEY: ECDSA P-256/P-384, RSA 2048+ or Ed25519)",
        errorIn("keys/release.pub", "keys/bad.pub"));
    assertEquals(":9:19: spec.authorities[0].key.path: invalid public key in 'keys/private.pem': this is a private "
        + "key; give the public key (expected a PEM PUBLIC KEY: ECDSA P-256/P-384, RSA 2048+ or Ed25519)",
        errorIn("keys/release.pub", "keys/private.pem"));
  }

  @Test
  void load_keyWithoutPathOrPem_isError() {
    assertEquals(":9:12: spec.authorities[0].key: needs path or pem (path: keys/cosign.pub, relative to the policy "
        + "file)", errorIn("{path: keys/release.pub}", "{}"));
  }

  @Test
  void load_authorityWithoutKind_isError() {
    assertEquals(":8:7: spec.authorities[0]: needs one of key, keyless or certificate",
        errorIn("      key: {path: keys/release.pub}\n", ""));
  }

  @Test
  void load_keylessWithoutIdentities_isError() {
    assertEquals(":9:16: spec.authorities[0].keyless.identities: is required (add an issuer and a subject)",
        errorIn("key: {path: keys/release.pub}", "keyless: {tlog: required}"));
  }

  @Test
  void load_identityWithoutIssuerOrSubject_isError() {
    assertEquals(":9:30: spec.authorities[0].keyless.identities[0].issuer: is required (give issuer or issuerRegExp)",
        errorIn("key: {path: keys/release.pub}", "keyless: {identities: [{subject: a@b.c}]}"));
    assertEquals(":9:30: spec.authorities[0].keyless.identities[0].subject: is required (give subject or "
        + "subjectRegExp)", errorIn("key: {path: keys/release.pub}", "keyless: {identities: [{issuer: https://i}]}"));
  }

  @Test
  void load_identityWithExactAndRegExp_isError() {
    assertEquals(":9:69: spec.authorities[0].keyless.identities[0]: give either subject or subjectRegExp, not both",
        errorIn("key: {path: keys/release.pub}",
            "keyless: {identities: [{issuer: i, subject: a, subjectRegExp: '^a$'}]}"));
  }

  @Test
  void load_invalidRegExp_isErrorWithIndex() {
    assertEquals(":9:57: spec.authorities[0].keyless.identities[0].subjectRegExp: invalid regular expression: "
        + "Unclosed group at index 4 (Java regex syntax)",
        errorIn("key: {path: keys/release.pub}", "keyless: {identities: [{issuer: i, subjectRegExp: '^(a$'}]}"));
  }

  @Test
  void load_missingTrustFiles_isError() {
    assertEquals(":9:30: spec.authorities[0].keyless.trustedRoot: file 'trust.json' does not exist (looked for "
        + dir.toAbsolutePath().resolve("trust.json") + "; paths are relative to the policy file)",
        errorIn("key: {path: keys/release.pub}",
            "keyless: {trustedRoot: trust.json, identities: [{issuer: i, subject: s}]}"));
    assertEquals(":9:28: spec.authorities[0].certificate.roots: file 'roots.pem' does not exist (looked for "
        + dir.toAbsolutePath().resolve("roots.pem") + "; paths are relative to the policy file)",
        errorIn("key: {path: keys/release.pub}", "certificate: {roots: roots.pem, identities: [{subject: s}]}"));
    assertEquals(":9:20: spec.authorities[0].certificate.roots: is required (a PEM file of the CA certificates to "
        + "trust)", errorIn("key: {path: keys/release.pub}", "certificate: {identities: [{subject: s}]}"));
  }

  @Test
  void load_unknownFulcioExtension_suggestsName() {
    assertEquals(":9:69: spec.authorities[0].keyless.extensions.sourceRepositoryUri: unknown field (did you mean "
        + "sourceRepositoryURI?)", errorIn("key: {path: keys/release.pub}",
            "keyless: {identities: [{issuer: i, subject: s}], extensions: {sourceRepositoryUri: x}}"));
  }

  @Test
  void load_attestationMissingNameOrType_isError() {
    String att = "  attestations:\n    - {from: [release]}\n";
    assertEquals(":12:7: spec.attestations[0].name: is required (name the rule, for reports)",
        error(TestPolicies.keySigned("p") + att));
    assertEquals(":12:7: spec.attestations[0].predicateType: is required (e.g. https://slsa.dev/provenance/v1)",
        error(TestPolicies.keySigned("p") + att.replace("{from", "{name: a, from")));
    assertEquals(":12:32: spec.attestations[0].predicateType: 'slsaprovenance' is not a URI (predicate types are "
        + "URIs such as https://slsa.dev/provenance/v1)",
        error(TestPolicies.keySigned("p") + att.replace("{from", "{name: a, predicateType: slsaprovenance, from")));
  }

  @Test
  void load_attestationFromUnknownAuthority_isError() {
    assertEquals(":12:44: spec.attestations[0].from[0]: unknown authority 'ci' (known: release)",
        error(TestPolicies.keySigned("p") + "  attestations:\n    - {name: a, predicateType: x:y, from: [ci]}\n"));
  }

  @Test
  void load_conditionWithoutMessage_isError() {
    assertEquals(":16:11: spec.attestations[0].conditions[0].message: is required (what a failure means, shown in "
        + "the report)", error(TestPolicies.keySigned("p") + """
          attestations:
            - name: a
              predicateType: x:y
              from: [release]
              conditions:
                - {expr: 'true'}
        """));
  }

  @Test
  void load_slsaExactAndRegExp_isError() {
    assertEquals(":12:119: spec.attestations[0].slsa: give either builderId or builderIdRegExp, not both",
        error(TestPolicies.keySigned("p") + "  attestations:\n    - {name: a, predicateType: "
            + "https://slsa.dev/provenance/v1, from: [release], slsa: {builderId: b, builderIdRegExp: '^b$'}}\n"));
  }

  @Test
  void load_sbomRuleErrors_areReported() {
    String head = TestPolicies.keySigned("p") + "  attestations:\n    - {name: a, predicateType: "
        + "https://cyclonedx.org/bom, from: [release], sbom: ";
    assertEquals(":12:100: spec.attestations[0].sbom.requiredFields[0]: unknown field 'suplier' (did you mean "
        + "supplier?)", error(head + "{requiredFields: [suplier]}}\n"));
    assertEquals(":12:100: spec.attestations[0].sbom.deniedPackages[0]: 'log4j-core' is not a package URL (write "
        + "pkg:TYPE/NAMESPACE/NAME, optionally @VERSION or @<RANGE)", error(head + "{deniedPackages: [log4j-core]}}\n"));
    assertEquals(":12:91: spec.attestations[0].sbom.maxAge: invalid duration '30 days' (a positive number and a "
        + "unit: 90m, 12h, 30d, 2w)", error(head + "{maxAge: 30 days}}\n"));
  }

  @Test
  void load_vulnerabilityRuleErrors_areReported() {
    String head = TestPolicies.keySigned("p") + "  attestations:\n    - {name: a, predicateType: "
        + "https://cosign.sigstore.dev/attestation/vuln/v1, from: [release], vulnerabilities: ";
    assertEquals(":12:129: spec.attestations[0].vulnerabilities.maxSeverity: unknown value 'severe' (use none, low, "
        + "medium, high, critical)", error(head + "{maxSeverity: severe}}\n"));
    assertEquals(":12:122: spec.attestations[0].vulnerabilities.vex[0]: file 'x.vex.json' does not exist (looked "
        + "for " + dir.toAbsolutePath().resolve("x.vex.json") + "; paths are relative to the policy file)",
        error(head + "{vex: [x.vex.json]}}\n"));
  }

  @Test
  void load_exceptionErrors_areReported() {
    String p = TestPolicies.keySigned("p") + "  exceptions:\n    - ";
    assertEquals(":12:16: spec.exceptions[0].images: must not be empty",
        error(p + "{images: [], reason: r, expires: 2027-01-31}\n"));
    assertEquals(":12:7: spec.exceptions[0].reason: is required (say why, e.g. a ticket)",
        error(p + "{images: [a], expires: 2027-01-31}\n"));
    assertEquals(":12:41: spec.exceptions[0].expires: invalid date '31/01/2027' (use YYYY-MM-DD)",
        error(p + "{images: [a], reason: r, expires: 31/01/2027}\n"));
    assertEquals(":12:41: spec.exceptions[0].expires: invalid date '2027-02-30' (use YYYY-MM-DD)",
        error(p + "{images: [a], reason: r, expires: 2027-02-30}\n"));
    assertEquals(":12:7: spec.exceptions[0].expires: is required (exceptions end: give a date YYYY-MM-DD)",
        error(p + "{images: [a], reason: r}\n"));
  }

  @Test
  void load_policyRequiringNothing_isError() {
    assertEquals(":6:3: spec: policy requires nothing; add signatures or attestations",
        errorIn("  signatures: {from: [release]}\n", ""));
  }

  @Test
  void load_remapWithoutSignedAs_isError() {
    assertEquals(":11:28: spec.signedIdentity.remap[0].signedAs: is required (the prefix they were signed as, e.g. "
        + "docker.io/)", error(TestPolicies.keySigned("p") + "  signedIdentity: {remap: [{from: mirror.corp/}]}\n"));
  }

  @Test
  void load_remapPrefixSplittingAComponent_isError() {
    assertEquals(":11:62: spec.signedIdentity.remap[0].signedAs: remap prefix 'docker.io/lib:1' has an invalid "
        + "repository path 'lib:1' (a prefix names whole path components, without tag or digest)",
        error(TestPolicies.keySigned("p")
            + "  signedIdentity: {remap: [{from: mirror.corp/hub, signedAs: docker.io/lib:1}]}\n"));
    assertEquals(":11:35: spec.signedIdentity.remap[0].from: remap prefix 'acme/' must start with a registry host "
        + "(e.g. docker.io/library, mirror.corp/hub)",
        error(TestPolicies.keySigned("p") + "  signedIdentity: {remap: [{from: acme/, signedAs: docker.io/acme}]}\n"));
  }

  @Test
  void load_upperCaseGlobPath_isErrorInImagesAndExceptions() {
    assertEquals(":6:12: spec.images[0]: image glob 'ghcr.io/Acme/**': repository path 'Acme/**' has upper-case "
        + "letters; repository names are lower case, so it would never match",
        error(TestPolicies.keySigned("p").replace("ghcr.io/acme/**", "ghcr.io/Acme/**")));
    assertEquals(":11:26: spec.exceptions[0].images[0]: image glob 'ghcr.io/acme/Legacy': repository path "
        + "'acme/Legacy' has upper-case letters; repository names are lower case, so it would never match",
        error(TestPolicies.keySigned("p") + "  exceptions: [{images: [ghcr.io/acme/Legacy], reason: r, "
            + "expires: 2999-01-01}]\n"));
  }

  @Test
  void load_documentNotAMapping_isError() {
    assertEquals(":3:1: a policy document is a mapping with apiVersion, kind, metadata and spec, not a list",
        error("---\n---\n- a\n"));
  }

  @Test
  void load_malformedYaml_isErrorAtProblemMark() {
    assertEquals(":4:1: invalid YAML: expected the node content, but found '<stream end>'",
        error("apiVersion: verdict.dev/v1\nspec:\n  images: [a,\n"));
  }

  @Test
  void load_duplicatePolicyNamesAcrossFiles_namesBothPlaces() {
    Path a = TestPolicies.write(dir, "a.yaml", TestPolicies.keySigned("same"));
    Path b = TestPolicies.write(dir, "b.yaml", TestPolicies.keySigned("same"));

    ConfigException e = assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(dir)));

    assertEquals(b + ":4:9: metadata.name: duplicate policy name 'same' (also defined at " + a + ":4:9; policy names "
        + "must be unique)", e.getMessage());
  }

  @Test
  void load_missingPathOrEmptyDirectory_isError() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    Path empty = Files.createDirectory(dir.resolve("empty"));

    assertEquals(missing + ": does not exist",
        assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(missing))).getMessage());
    assertEquals(empty + ": no policy files (*.yaml, *.yml, *.json) in directory",
        assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(empty))).getMessage());
  }

  @Test
  void load_jsonError_hasLineAndColumn() {
    Path f = TestPolicies.write(dir, "p.json", "{\n\t\"apiVersion\": \"verdict.dev/v1\",\n\t\"kind\": \"ImagePolicy\","
        + "\n\t\"metadata\": {\"name\": \"j\"},\n\t\"spec\": {\"images\": \"**\",\n\t\t\"authorities\": [{\"name\": "
        + "\"k\", \"key\": {\"path\": \"keys/release.pub\"}}], \"signatures\": {\"from\": [\"k\"]}}\n}\n");

    ConfigException e = assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(f)));

    assertEquals(f + ":5:21: spec.images: expected a list, got a string (write [a, b] or one '- item' per line)",
        e.getMessage());
  }

  @Test
  void load_notUtf8_isError() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.write(f, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});

    assertEquals(f + ": not UTF-8 text",
        assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(f))).getMessage());
  }
}
