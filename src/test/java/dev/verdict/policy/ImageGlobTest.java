package dev.verdict.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Reference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGlobTest {
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void matches_singleStar_staysWithinSegment() {
    assertTrue(ImageGlob.matches("ghcr.io/acme/*", "ghcr.io/acme/app:1.0"));
    assertFalse(ImageGlob.matches("ghcr.io/acme/*", "ghcr.io/acme/team/app:1.0"));
    assertTrue(ImageGlob.matches("ghcr.io/*/app", "ghcr.io/acme/app"));
    assertFalse(ImageGlob.matches("ghcr.io/*/app", "ghcr.io/a/b/app"));
  }

  @Test
  void matches_doubleStar_crossesSegments() {
    assertTrue(ImageGlob.matches("ghcr.io/acme/**", "ghcr.io/acme/team/app:1.0@" + DIGEST));
    assertFalse(ImageGlob.matches("ghcr.io/acme/**", "ghcr.io/acmeevil/app:1.0"));
    assertTrue(ImageGlob.matches("ghcr.io/**/app", "ghcr.io/app:1"));
    assertTrue(ImageGlob.matches("ghcr.io/**/app", "ghcr.io/a/b/app:1"));
    assertFalse(ImageGlob.matches("ghcr.io/**/app", "ghcr.io/a/b/application:1"));
    assertTrue(ImageGlob.matches("**", "oci:/tmp/layout:v1"));
    assertTrue(ImageGlob.matches("**/app", "quay.io/x/app:1"));
  }

  @Test
  void matches_questionMark_isOneCharacterNotSlash() {
    assertTrue(ImageGlob.matches("ghcr.io/acme/app?", "ghcr.io/acme/app1:1"));
    assertFalse(ImageGlob.matches("ghcr.io/acme?app", "ghcr.io/acme/app:1"));
  }

  @Test
  void matches_questionMark_isExactlyOneCharacter() {
    assertFalse(ImageGlob.matches("ghcr.io/acme/app?", "ghcr.io/acme/app"));
    assertFalse(ImageGlob.matches("ghcr.io/acme/app?", "ghcr.io/acme/app12"));
    assertTrue(ImageGlob.matches("ghcr.io/acme/a?p", "ghcr.io/acme/axp"));
    assertFalse(ImageGlob.matches("ghcr.io/acme/a?p", "ghcr.io/acme/axq"));
    assertTrue(ImageGlob.matches("ghcr.io/acme/app:v?", "ghcr.io/acme/app:v2"));
    assertFalse(ImageGlob.matches("ghcr.io/acme/app:v?", "ghcr.io/acme/app:v22"));
    assertFalse(ImageGlob.matches("ghcr.io/acme/app?", "ghcr.io/acme/app/"));
  }

  @Test
  void matches_doubleStarThenTag_matchesThatTagInAnyRepositoryOnly() {
    assertTrue(ImageGlob.matches("**:latest", "ghcr.io/acme/team/app:latest"));
    assertTrue(ImageGlob.matches("**:latest", "docker.io/library/nginx:latest@" + DIGEST));
    assertFalse(ImageGlob.matches("**:latest", "ghcr.io/acme/app:1.0"));
    assertFalse(ImageGlob.matches("**:latest", "ghcr.io/acme/app@" + DIGEST));
    assertFalse(ImageGlob.matches("**:latest", "ghcr.io/acme/app:latest-rc"));
    assertTrue(ImageGlob.matches("ghcr.io/acme/**:1.*", "ghcr.io/acme/a/b:1.2"));
    assertFalse(ImageGlob.matches("ghcr.io/acme/**:1.*", "ghcr.io/acme/a/b:2.1"));
    assertFalse(ImageGlob.matches("ghcr.io/acme/**:1.*", "ghcr.io/acme/a/b"));
    assertEquals("**:latest", ImageGlob.normalise("**:latest"));
  }

  @Test
  void normalise_registrySpellings_areCanonicalLikeReferences() {
    assertEquals("docker.io/acme/**", ImageGlob.normalise("Docker.io/acme/**"));
    assertEquals("docker.io/acme/**", ImageGlob.normalise("index.docker.io:443/acme/**"));
    assertEquals("localhost:5000/team/**", ImageGlob.normalise("LOCALHOST:5000/team/**"));
    assertEquals("localhost/team/**", ImageGlob.normalise("LOCALHOST/team/**"));
    assertEquals("reg.example/team/**", ImageGlob.normalise("Reg.Example:443/team/**"));
    assertTrue(ImageGlob.matches("LOCALHOST:5000/team/**", Reference.parse("localhost:5000/team/app").toString()));
    assertTrue(ImageGlob.matches("localhost:5000/team/**", Reference.parse("LOCALHOST:5000/team/app").toString()));
    assertTrue(ImageGlob.matches("reg.example:443/team/*", Reference.parse("reg.example/team/app").toString()));
  }

  @Test
  void problem_upperCaseRepositoryPath_isNamed() {
    assertEquals("repository path 'Acme/**' has upper-case letters; repository names are lower case, so it would "
        + "never match", ImageGlob.problem("ghcr.io/Acme/**"));
    assertEquals(null, ImageGlob.problem("GHCR.io/acme/app:Latest"));
    assertEquals(null, ImageGlob.problem("oci:Build/Layout"));
    assertEquals(null, ImageGlob.problem("**"));
    assertTrue(ImageGlob.problem("**/App") != null);
  }

  @Test
  void matches_dockerHubGlobs_areNormalisedLikeReferences() {
    String nginx = Reference.parse("nginx:1.25").toString();
    assertEquals("docker.io/library/nginx:1.25", nginx);
    assertTrue(ImageGlob.matches("nginx", nginx));
    assertTrue(ImageGlob.matches("docker.io/nginx", nginx));
    assertTrue(ImageGlob.matches("index.docker.io/library/nginx", nginx));
    assertTrue(ImageGlob.matches("nginx:1.*", nginx));
    assertFalse(ImageGlob.matches("nginx:2.*", nginx));
    assertTrue(ImageGlob.matches("acme/*", Reference.parse("acme/app").toString()));
    assertFalse(ImageGlob.matches("acme/*", "ghcr.io/acme/app:latest"));
    assertEquals("localhost:5000/app", ImageGlob.normalise("localhost:5000/app"));
    assertEquals("docker.io/**", ImageGlob.normalise("docker.io/**"));
    assertEquals("*.gcr.io/**", ImageGlob.normalise("*.gcr.io/**"));
    assertEquals(ImageGlob.normalise("nginx"), ImageGlob.normalise(ImageGlob.normalise("nginx")));
  }

  @Test
  void matches_tagAndDigestForms_matchReferencesCarryingBoth() {
    String ref = "ghcr.io/acme/app:1.0@" + DIGEST;
    assertTrue(ImageGlob.matches("ghcr.io/acme/app", ref));
    assertTrue(ImageGlob.matches("ghcr.io/acme/app:1.0", ref));
    assertTrue(ImageGlob.matches("ghcr.io/acme/app@" + DIGEST, ref));
    assertTrue(ImageGlob.matches("ghcr.io/acme/app:1.0@" + DIGEST, ref));
    assertFalse(ImageGlob.matches("ghcr.io/acme/app:2.0", ref));
    assertFalse(ImageGlob.matches("ghcr.io/acme/app@sha256:" + "cd".repeat(32), ref));
    assertFalse(ImageGlob.matches("ghcr.io/acme/ap", ref));
  }

  @Test
  void matches_ociLayouts_byPathTagAndDigest() {
    String layout = Reference.parse("oci:build/layout:v1").toString();
    assertTrue(ImageGlob.matches("oci:build/layout", layout));
    assertTrue(ImageGlob.matches("oci:build/*", layout));
    assertTrue(ImageGlob.matches("oci:build/layout:v1", layout));
    assertFalse(ImageGlob.matches("oci:other/**", layout));
    assertTrue(ImageGlob.matches("oci:layout", "oci:layout@" + DIGEST));
    assertFalse(ImageGlob.matches("ghcr.io/**", layout));
  }

  @Test
  void matches_manyStarsOnLongReference_finishesQuickly() {
    String glob = "*a*a*a*a*a*a*a*a*a*a*a*a*b";
    String ref = "a".repeat(250);
    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertFalse(ImageGlob.matches(glob, ref)));
  }

  /** PIT: a registry port is never split off as a tag (nor a layout's "oci:" scheme), and a real tag is. */
  @Test
  void forms_portAndSchemeAreNotTags_tagAndDigestAreSplit() {
    assertEquals(List.of("reg.example:5000/team/app"), ImageGlob.forms("reg.example:5000/team/app"));
    assertEquals(List.of("reg.example:5000/team/app:1.0", "reg.example:5000/team/app"),
        ImageGlob.forms("reg.example:5000/team/app:1.0"));
    assertEquals(List.of("oci:layout"), ImageGlob.forms("oci:layout"));
    assertEquals(List.of("oci:x:1", "oci:x"), ImageGlob.forms("oci:x:1"));
    String d = "@sha256:" + "a".repeat(64);
    assertEquals(List.of("reg.example/app:1" + d, "reg.example/app:1", "reg.example/app" + d, "reg.example/app"),
        ImageGlob.forms("reg.example/app:1" + d));
  }
}
