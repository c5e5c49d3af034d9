package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Reference parsing with the cases of Docker's own tests (distribution/reference normalize_test.go and
 * reference_test.go), read as ParseNormalizedNamed would; our parse adds the default tag {@code latest}.
 */
class ReferenceTest {
  private static final String F64 = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

  // TestValidateReferenceName + TestValidateRemoteName: valid names.
  @ParameterizedTest
  @ValueSource(strings = {"docker/docker", "library/debian", "debian", "docker.io/docker/docker",
      "docker.io/library/debian", "docker.io/debian", "index.docker.io/docker/docker", "index.docker.io/library/debian",
      "index.docker.io/debian", "127.0.0.1:5000/docker/docker", "127.0.0.1:5000/library/debian", "127.0.0.1:5000/debian",
      "192.168.0.1", "192.168.0.1:80", "192.168.0.1:8/debian", "192.168.0.2:25000/debian",
      "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "[fc00::1]:5000/docker",
      "[fc00::1]:5000/docker/docker", "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
      "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "Docker/docker", "DOCKER/docker",
      "docker-rules/docker", "docker---rules/docker", "doc/docker", "d/docker", "jess/t", "dock__er/docker"})
  void parse_dockerValidNames_accepted(String name) {
    Reference.parse(name);
  }

  // TestValidateReferenceName + TestValidateRemoteName: invalid names.
  @ParameterizedTest
  @ValueSource(strings = {"https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker",
      "-docker.io/docker/docker", "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker",
      "[fc00::1]", "[fc00::1]:5000", "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian",
      "[2001:db8:3:4::192.0.2.33]:5000/debian", "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
      "docker-/docker", "-docker-/docker", "____/____", "_docker/_docker", "dock..er/docker", "dock_.er/docker",
      "dock-.er/docker", "docker/", "Uppercase:tag", "test:5000/Uppercase/lowercase:tag", ":justtag",
      "@sha256:" + F64, "repo@sha256:ffffffffffffffffffffffffffffffffff",
      "validname@invaliddigest:" + F64, "aa/asdf$$^/aa", "[fe80::1%@invalidzone]:5000/repo", "[2001:db8::1]:tag"})
  void parse_dockerInvalidNames_rejected(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reference.parse(name));
    assertTrue(e.getMessage().startsWith("invalid image reference") || e.getMessage().startsWith("empty"),
        e.getMessage());
  }

  @Test
  void parse_namespaceOver255_rejected() {
    String name = "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_".repeat(4) + "/docker";
    assertThrows(IllegalArgumentException.class, () -> Reference.parse(name));
    assertThrows(IllegalArgumentException.class, () -> Reference.parse("a/".repeat(128) + "a:tag"));
  }

  // TestParseRepositoryInfo (familiar, full and ambiguous spellings) and TestNormalizedSplitHostname.
  @ParameterizedTest
  @CsvSource({
      "fooo/bar, docker.io, fooo/bar", "index.docker.io/fooo/bar, docker.io, fooo/bar",
      "ubuntu, docker.io, library/ubuntu", "library/ubuntu, docker.io, library/ubuntu",
      "docker.io/library/ubuntu, docker.io, library/ubuntu", "nonlibrary/ubuntu, docker.io, nonlibrary/ubuntu",
      "other/library, docker.io, other/library", "127.0.0.1:8000/private/moonbase, 127.0.0.1:8000, private/moonbase",
      "127.0.0.1:8000/privatebase, 127.0.0.1:8000, privatebase", "example.com/private/moonbase, example.com, private/moonbase",
      "example.com:8000/privatebasee, example.com:8000, privatebasee",
      "ubuntu-12.04-base, docker.io, library/ubuntu-12.04-base",
      "index.docker.io/library/ubuntu-12.04-base, docker.io, library/ubuntu-12.04-base",
      "docker.io/foo, docker.io, library/foo", "library/foo/bar, docker.io, library/foo/bar",
      "store/foo/bar, docker.io, store/foo/bar", "Foo/bar, foo, bar", "FOO/bar, foo, bar",
      "test.com/foo, test.com, foo", "test_com/foo, docker.io, test_com/foo", "docker/migrator, docker.io, docker/migrator",
      "test.com:8080/foo, test.com:8080, foo", "test-com:8080/foo, test-com:8080, foo", "foo, docker.io, library/foo",
      "xn--n3h.com/foo, xn--n3h.com, foo", "xn--n3h.com:18080/foo, xn--n3h.com:18080, foo",
      "docker.io/library/foo/bar, docker.io, library/foo/bar", "localhost/foo, localhost, foo",
      "localhost:5000/foo, localhost:5000, foo", "[2001:db8::1]/repo, [2001:db8::1], repo",
      "[::1]:5000/repo, [::1]:5000, repo", "192.168.1.1, docker.io, library/192.168.1.1",
      "sub-dom1.foo.com/bar/baz/quux, sub-dom1.foo.com, bar/baz/quux"})
  void parse_dockerNormalisation_matches(String input, String registry, String repository) {
    Reference r = Reference.parse(input);
    assertEquals(registry, r.registry());
    assertEquals(repository, r.repository());
    assertEquals("latest", r.tag());
    assertNull(r.digest());
  }

  // TestReferenceParse: tags and digests (normalised).
  @ParameterizedTest
  @CsvSource({
      "test.com:tag, docker.io/library/test.com:tag", "test.com:5000, docker.io/library/test.com:5000",
      "test:5000/repo:tag, test:5000/repo:tag", "lowercase:Uppercase, docker.io/library/lowercase:Uppercase",
      "b.gcr.io/test.example.com/my-app:test.example.com, b.gcr.io/test.example.com/my-app:test.example.com",
      "foo_bar.com:8080, docker.io/library/foo_bar.com:8080", "foo/foo_bar.com:8080, docker.io/foo/foo_bar.com:8080",
      "192.168.1.1:5000/repo:5050, 192.168.1.1:5000/repo:5050",
      "[2001:db8::1]:5000/repo:tag, [2001:db8::1]:5000/repo:tag", "redis, docker.io/library/redis:latest",
      "dmcgowan/myapp, docker.io/dmcgowan/myapp:latest",
      "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9, "
          + "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9:latest"})
  void parse_tags_normalisedString(String input, String expected) {
    assertEquals(expected, Reference.parse(input).toString());
  }

  @Test
  void parse_tagAndDigest_keepsBoth() {
    Reference r = Reference.parse("busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa");
    assertEquals("docker.io/library/busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa",
        r.toString());
    assertEquals("sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa", r.identifier());
    Reference d = Reference.parse("test:5000/repo@sha256:" + F64);
    assertNull(d.tag());
    assertEquals("test:5000", d.registry());
    Reference s512 = Reference.parse("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "f".repeat(128));
    assertEquals("sha512", s512.digest().algorithm());
    assertEquals("xn--7o8h.com", s512.tag());
  }

  @Test
  void parse_maxLengthName_acceptedOneMoreRejected() {
    String path = "a/".repeat(122) + "ab"; // docker.io/ + 246 = 256 > 255
    assertThrows(IllegalArgumentException.class, () -> Reference.parse(path));
    Reference ok = Reference.parse("a/".repeat(122) + "a");
    assertEquals(255, ok.repositoryName().length());
  }

  @Test
  void parse_layout_pathTagAndDigest() {
    Reference plain = Reference.parse("oci:/tmp/img");
    assertTrue(plain.isLayout());
    assertEquals(Path.of("/tmp/img"), plain.layout());
    assertNull(plain.tag());
    assertNull(plain.identifier());
    assertEquals("v1", Reference.parse("oci:/tmp/img:v1").tag());
    Reference d = Reference.parse("oci:./rel/img@sha256:" + F64);
    assertEquals(Path.of("./rel/img"), d.layout());
    assertEquals("sha256:" + F64, d.identifier());
    assertEquals("oci:./rel/img@sha256:" + F64, d.toString());
    assertThrows(IllegalArgumentException.class, () -> Reference.parse("oci:"));
    assertThrows(IllegalArgumentException.class, () -> Reference.parse("oci:/tmp/img:bad tag"));
  }

  @ParameterizedTest
  @CsvSource({
      "LOCALHOST:5000/team/app, localhost:5000", "Registry.Example/team/app, registry.example",
      "registry.example:443/team/app, registry.example", "registry.example:4430/team/app, registry.example:4430",
      "localhost:80/team/app, localhost", "127.0.0.1:443/team/app, 127.0.0.1:443",
      "Index.Docker.IO/team/app, docker.io", "index.docker.io:443/team/app, docker.io",
      "registry-1.docker.io/team/app, docker.io", "registry.hub.docker.com/team/app, docker.io",
      "[FC00::1]:5000/team/app, [fc00::1]:5000"})
  void parse_registrySpellings_oneCanonicalRegistry(String input, String registry) {
    Reference r = Reference.parse(input);
    assertEquals(registry, r.registry());
    assertEquals(registry + "/team/app", r.repositoryName());
  }

  @Test
  void parse_upperCaseRepositoryPath_refusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Reference.parse("LOCALHOST:5000/Team/app"));
    assertEquals("invalid image reference 'LOCALHOST:5000/Team/app': invalid repository name 'Team/app' "
        + "(must be lowercase)", e.getMessage());
  }

  @Test
  void canonicalPrefix_wholeComponentsCanonicalRegistry() {
    assertEquals("mirror.corp/hub", Reference.canonicalPrefix("Mirror.Corp:443/hub/", false));
    assertEquals("docker.io", Reference.canonicalPrefix("index.docker.io/", false));
    assertEquals("oci:/tmp/layout", Reference.canonicalPrefix("oci:/tmp/layout", true));
    assertThrows(IllegalArgumentException.class, () -> Reference.canonicalPrefix("oci:/tmp/layout", false));
    assertThrows(IllegalArgumentException.class, () -> Reference.canonicalPrefix("acme/app", false));
    assertThrows(IllegalArgumentException.class, () -> Reference.canonicalPrefix("reg.example/team:1.0", false));
    assertThrows(IllegalArgumentException.class, () -> Reference.canonicalPrefix("reg.example/Team", false));
    assertThrows(IllegalArgumentException.class, () -> Reference.canonicalPrefix("reg.example/team-", false));
  }

  @Test
  void isUnder_comparesWholePathComponents() {
    Reference r = Reference.parse("reg.example/team/app:1");
    assertTrue(r.isUnder("reg.example/team"));
    assertTrue(r.isUnder("reg.example"));
    assertTrue(r.isUnder("reg.example/team/app"));
    assertFalse(r.isUnder("reg.example/tea"));
    assertFalse(Reference.parse("reg.example/team-evil/app").isUnder("reg.example/team"));
    assertFalse(Reference.parse("reg.example.evil/team/app").isUnder("reg.example"));
    assertFalse(r.isUnder("reg.example/team/app/x"));
  }

  /** Found by OciParsersFuzzTest: a NUL in a layout path escaped as the JDK's InvalidPathException. */
  @Test
  void parse_layoutPathWithNul_illegalArgumentNamingTheReference() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reference.parse("oci:/tmp/a\0b"));
    assertEquals(IllegalArgumentException.class, e.getClass());
    assertTrue(e.getMessage().startsWith("invalid layout reference 'oci:/tmp/a\\0b'"), e.getMessage());
  }
}
