package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import dev.verdict.trust.TrustCache;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustedRoot: tuf} names the TUF cache beside a file; {@code requireFreshTrust} applies to it only. */
class TrustedRootFieldTest {
  @TempDir
  Path dir;

  private static String keyless(String extra) {
    return """
        apiVersion: verdict.dev/v1
        kind: ImagePolicy
        metadata: {name: p}
        spec:
          images: ["ghcr.io/acme/**"]
          authorities:
            - name: ci
              keyless:
        %s
                identities:
                  - {issuer: https://token.actions.githubusercontent.com, subject: https://github.com/acme/app}
          signatures: {from: [ci]}
        """.formatted(extra);
  }

  private Path trustedRoot(String yaml) throws ConfigException {
    Path f = TestPolicies.write(dir, "policy.yaml", yaml);
    Authority a = PolicyLoader.load(List.of(f)).policies().get(0).authorities().get(0);
    return ((Authority.Keyless) a).trustedRoot();
  }

  private String error(String yaml) {
    Path f = TestPolicies.write(dir, "policy.yaml", yaml);
    return assertThrows(ConfigException.class, () -> PolicyLoader.load(List.of(f))).getMessage()
        .substring(f.toString().length());
  }

  @Test
  void load_trustedRootTuf_namesTheCacheWithoutReadingIt() throws Exception {
    assertEquals(TrustCache.TUF, trustedRoot(keyless("        trustedRoot: tuf")));
    assertEquals(TrustCache.TUF_FRESH,
        trustedRoot(keyless("        trustedRoot: tuf\n        requireFreshTrust: true")));
    assertEquals(TrustCache.TUF, trustedRoot(keyless("        trustedRoot: tuf\n        requireFreshTrust: false")));
  }

  @Test
  void load_requireFreshTrustWithFileOrWithout_isError() {
    TestPolicies.write(dir, "root.json", "{}");
    assertEquals(":10:28: spec.authorities[0].keyless.requireFreshTrust: only applies to trustedRoot: tuf (a "
        + "trusted root file has no TUF metadata to expire)",
        error(keyless("        trustedRoot: root.json\n        requireFreshTrust: true")));
    assertTrue(error(keyless("        requireFreshTrust: true")).contains("only applies to trustedRoot: tuf"));
  }

  @Test
  void load_requireFreshTrustNotBoolean_isError() {
    assertEquals(":10:28: spec.authorities[0].keyless.requireFreshTrust: expected true or false",
        error(keyless("        trustedRoot: tuf\n        requireFreshTrust: \"yes\"")));
  }
}
