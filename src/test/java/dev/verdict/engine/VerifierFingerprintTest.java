package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.verdict.oci.RegistryOptions;
import dev.verdict.policy.PolicyLoader;
import dev.verdict.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy-set fingerprint changes with what can change a decision, and with nothing else. */
class VerifierFingerprintTest {
  @TempDir Path tmp;

  static String fingerprint(List<Path> policies, List<String> flags) throws Exception {
    PolicySet set = PolicyLoader.load(policies);
    try (Verifier v = Verifier.open(new Verifier.Config(set, TrustMaterial.load(set, null), EngineOptions.defaults(),
        RegistryOptions.defaults(), flags))) {
      return v.fingerprint();
    }
  }

  static String fingerprint(Path policy) throws Exception {
    return fingerprint(List.of(policy), List.of());
  }

  static String pem(Path file) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    String text = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(g.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    Files.writeString(file, text);
    return text;
  }

  private Path policy(String name, String identityOrKey, String extra) throws Exception {
    return Files.writeString(tmp.resolve(name), """
        apiVersion: verdict.dev/v1
        kind: ImagePolicy
        metadata:
          name: app
        spec:
          images: ["registry.example/app/**", "registry.example/lib/**"]
          authorities:
            - name: release
              key: {path: %s}
          signatures:
            require: 1
            from: [release]
        %s""".formatted(identityOrKey, extra));
  }

  @Test
  void fingerprint_samePoliciesLoadedTwice_equal() throws Exception {
    pem(tmp.resolve("k.pub"));
    Path p = policy("p.yaml", "k.pub", "");
    assertEquals(fingerprint(p), fingerprint(p));
  }

  @Test
  void fingerprint_everyShippedExamplePolicy_stableAcrossLoads() throws Exception {
    // every type in the policy model has a canonical form free of identity hashes, or this throws or differs
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("policies"))) {
      s.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("sbom-only.yaml")).sorted().forEach(all::add);
    }
    for (Path p : all) {
      assertEquals(fingerprint(p), fingerprint(p), p.toString());
    }
  }

  @Test
  void fingerprint_yamlReformattedAndCommented_unchanged() throws Exception {
    pem(tmp.resolve("k.pub"));
    Path plain = policy("a.yaml", "k.pub", "");
    Path reformatted = Files.writeString(tmp.resolve("a.yaml.tmp"), """
        # a comment that changes nothing
        kind: ImagePolicy
        apiVersion: verdict.dev/v1
        metadata: {name: app}


        spec:
          signatures: {from: [release], require: 1}   # inline now
          images:
            - registry.example/app/**
            - registry.example/lib/**
          authorities:
            - key:
                path: k.pub
              name: release
        """);
    String before = fingerprint(plain);
    Files.move(reformatted, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(before, fingerprint(plain));
  }

  @Test
  void fingerprint_policyChanged_differs() throws Exception {
    pem(tmp.resolve("k.pub"));
    Path p = policy("p.yaml", "k.pub", "");
    String before = fingerprint(p);
    Files.writeString(p, Files.readString(p).replace("registry.example/lib/**", "registry.example/lib2/**"));
    assertNotEquals(before, fingerprint(p));
  }

  @Test
  void fingerprint_keyFileBytesChanged_differs() throws Exception {
    Path key = tmp.resolve("k.pub");
    String text = pem(key);
    Path p = policy("p.yaml", "k.pub", "");
    String before = fingerprint(p);
    pem(key); // another key at the same path
    String otherKey = fingerprint(p);
    assertNotEquals(before, otherKey);
    Files.writeString(key, text + "\n"); // the first key again, its file's bytes not quite the same
    assertNotEquals(before, fingerprint(p));
    Files.writeString(key, text);
    assertEquals(before, fingerprint(p));
  }

  @Test
  void fingerprint_vexFileBytesChanged_differs() throws Exception {
    Path vex = tmp.resolve("app.openvex.json");
    Files.copy(Path.of("testdata/policy/app.openvex.json"), vex);
    pem(tmp.resolve("k.pub"));
    Path p = policy("p.yaml", "k.pub", """
          attestations:
            - name: vulns
              predicateType: https://cosign.sigstore.dev/attestation/vuln/v1
              from: [release]
              vulnerabilities: {maxSeverity: high, vex: [app.openvex.json]}
        """.indent(2).replaceFirst("^  ", ""));
    String before = fingerprint(p);
    Files.writeString(vex, Files.readString(vex).replace("\"version\": 1", "\"version\": 2"));
    assertNotEquals(before, fingerprint(p));
  }

  @Test
  void fingerprint_decisionFlagsDiffer_differs() throws Exception {
    pem(tmp.resolve("k.pub"));
    Path p = policy("p.yaml", "k.pub", "");
    assertNotEquals(fingerprint(List.of(p), List.of()), fingerprint(List.of(p), List.of("--platform=linux/amd64")));
  }
}
