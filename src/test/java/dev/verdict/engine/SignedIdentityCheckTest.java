package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.VerificationException;
import dev.verdict.oci.Reference;
import dev.verdict.policy.SignedIdentity;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SignedIdentityCheckTest {
  static final SignedIdentity EXACT = new SignedIdentity(SignedIdentity.Kind.EXACT, List.of());

  static void check(SignedIdentity rule, String image, String signed) throws VerificationException {
    Reference ref = Reference.parse(image);
    SignedIdentityCheck.verify(rule, ref, ref.isLayout() ? null : ref.toString(), signed);
  }

  @ParameterizedTest
  @CsvSource({
      "nginx:1.25, docker.io/library/nginx",
      "nginx:1.25, index.docker.io/library/nginx:latest",
      "docker.io/library/nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000, nginx",
      "localhost:5000/app:1, localhost:5000/app",
      "ghcr.io/acme/app:1, ghcr.io/acme/app:2"})
  void verify_repository_sameRepositoryAccepted(String image, String signed) {
    assertDoesNotThrow(() -> check(SignedIdentity.REPOSITORY, image, signed));
  }

  @ParameterizedTest
  @CsvSource({
      "ghcr.io/acme/app:1, ghcr.io/acme/other",
      "ghcr.io/acme/app:1, docker.io/acme/app",
      "localhost:5000/app:1, localhost:5001/app",
      "ghcr.io/acme/app:1, ghcr.io/acme/app/sub"})
  void verify_repository_otherRepositoryRejected(String image, String signed) {
    VerificationException e = assertThrows(VerificationException.class,
        () -> check(SignedIdentity.REPOSITORY, image, signed));
    String want = Reference.parse(image).repositoryName();
    String got = Reference.parse(signed).repositoryName();
    assertEquals("signed for repository " + got + ", not for " + want + "; if " + want + " is a mirror or copy of "
        + "it, accept it with --signed-identity-remap " + want + "=" + got + " (ad hoc) or in the policy: "
        + "signedIdentity: {remap: [{from: " + want + ", signedAs: " + got + "}]}", e.getMessage());
  }

  @Test
  void verify_exact_requiresSameTag() throws Exception {
    check(EXACT, "192.168.64.2:5000/skopeo-signed:tag", "192.168.64.2:5000/skopeo-signed:tag");
    VerificationException e = assertThrows(VerificationException.class,
        () -> check(EXACT, "192.168.64.2:5000/skopeo-signed:other", "192.168.64.2:5000/skopeo-signed:tag"));
    assertEquals("signed reference 192.168.64.2:5000/skopeo-signed:tag is not exactly "
        + "192.168.64.2:5000/skopeo-signed:other", e.getMessage());
  }

  @Test
  void verify_invalidSignedReference_rejected() {
    assertThrows(VerificationException.class, () -> check(SignedIdentity.REPOSITORY, "ghcr.io/a/b:1", "UPPER/Case"));
  }

  @Test
  void verify_layoutWithoutName_needsRemapOrAny() throws Exception {
    VerificationException e = assertThrows(VerificationException.class,
        () -> check(SignedIdentity.REPOSITORY, "oci:/tmp/layout", "ghcr.io/acme/app"));
    assertEquals(true, e.getMessage().startsWith("the OCI layout does not declare the image's name"));
    check(new SignedIdentity(SignedIdentity.Kind.ANY, List.of()), "oci:/tmp/layout", "ghcr.io/acme/app");
    check(new SignedIdentity(SignedIdentity.Kind.REMAP, List.of(new SignedIdentity.Remap("oci:/tmp/layout",
        "ghcr.io/acme/app"))), "oci:/tmp/layout", "ghcr.io/acme/app");
  }

  @Test
  void verify_remap_mapsMirrorPrefix() throws Exception {
    SignedIdentity remap = new SignedIdentity(SignedIdentity.Kind.REMAP,
        List.of(new SignedIdentity.Remap("mirror.corp/hub/", "docker.io/")));
    check(remap, "mirror.corp/hub/library/nginx:1", "docker.io/library/nginx");
    assertThrows(VerificationException.class, () -> check(remap, "mirror.corp/hub/library/nginx:1",
        "mirror.corp/hub/library/nginx"));
  }

  @Test
  void verify_remap_matchesWholePathComponentsOnly() throws Exception {
    SignedIdentity remap = new SignedIdentity(SignedIdentity.Kind.REMAP,
        List.of(new SignedIdentity.Remap("reg.example/team", "reg.example/prod")));
    check(remap, "reg.example/team/app:1", "reg.example/prod/app");
    check(remap, "reg.example/team:1", "reg.example/prod");
    VerificationException e = assertThrows(VerificationException.class,
        () -> check(remap, "reg.example/team-evil/app:1", "reg.example/prod-evil/app"));
    assertTrue(e.getMessage().startsWith(
        "signed for repository reg.example/prod-evil/app, not for reg.example/team-evil/app;"), e.getMessage());
  }

  @Test
  void verify_remap_comparesCanonicalNames() throws Exception {
    SignedIdentity remap = new SignedIdentity(SignedIdentity.Kind.REMAP,
        List.of(new SignedIdentity.Remap("Mirror.Corp:443/hub/", "index.docker.io/")));
    check(remap, "MIRROR.corp/hub/library/nginx:1", "docker.io/library/nginx");
    check(remap, "mirror.corp/hub/nginx:1", "nginx");
  }
}
