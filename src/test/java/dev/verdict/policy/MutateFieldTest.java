package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spec.mutate}: whether verdict serve's /mutate pins the policy's images; a boolean, default true. */
class MutateFieldTest {
  @TempDir
  Path dir;

  private static String policy(String extra) {
    return """
        apiVersion: verdict.dev/v1
        kind: ImagePolicy
        metadata: {name: p}
        spec:
          images: ["ghcr.io/acme/**"]
        %s
          authorities:
            - name: k
              key: {pem: "-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7yY0jBKOFsGpVA3kDGmqUVMWQzeA\\nz7y9Z3Yb5O9xYk2kq8yO3yq6Jx0tX3bqj5Z3c0Vq6vQ2nq9k8vR5e4d9aw==\\n-----END PUBLIC KEY-----\\n"}
          signatures: {from: [k]}
        """.formatted(extra);
  }

  private ImagePolicy load(String extra) throws ConfigException {
    return PolicyLoader.load(List.of(TestPolicies.write(dir, "p.yaml", policy(extra)))).policies().get(0);
  }

  @Test
  void load_mutateAbsentOrTrueOrFalse_read() throws Exception {
    assertTrue(load("").mutate());
    assertTrue(load("  mutate: true").mutate());
    assertFalse(load("  mutate: false").mutate());
  }

  @Test
  void load_mutateNotABoolean_errorNamingTheField() {
    Path f = TestPolicies.write(dir, "p.yaml", policy("  mutate: \"no\""));
    String m = assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(f))).getMessage();
    assertTrue(m.contains("spec.mutate: expected true or false"), m);
    assertEquals(1, PolicyLoader.lint(List.of(f)).findings().stream().filter(Finding::isError).count());
  }
}
