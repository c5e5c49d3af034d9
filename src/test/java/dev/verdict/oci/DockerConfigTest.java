package dev.verdict.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import dev.verdict.UndecidableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker config.json lookup and credential helpers. */
class DockerConfigTest {
  @TempDir Path dir;

  private DockerConfig load(String json) throws Exception {
    Files.writeString(dir.resolve("config.json"), json);
    return DockerConfig.load(dir, CredentialHelper.inDirectory(dir));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void find_authsKeyedByHostOrUrl_decodesUserAndPassword() throws Exception {
    DockerConfig c = load("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw1") + "\"},"
        + "\"ghcr.io\":{\"auth\":\"" + b64("gh:p:w") + "\"},"
        + "\"http://localhost:5000/v2/\":{\"username\":\"lo\",\"password\":\"pw3\"}}}");
    assertEquals(Optional.of(new Credential("hub", "pw1")), c.find("docker.io"));
    assertEquals(Optional.of(new Credential("gh", "p:w")), c.find("ghcr.io"));
    assertEquals(Optional.of(new Credential("lo", "pw3")), c.find("localhost:5000"));
    assertEquals(Optional.empty(), c.find("quay.io"));
  }

  @Test
  void find_keySpelledWithCaseOrDefaultPort_foundForTheCanonicalRegistry() throws Exception {
    DockerConfig c = load("{\"auths\":{\"https://Registry.Example:443\":{\"auth\":\"" + b64("u:pw") + "\"},"
        + "\"registry-1.docker.io\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");
    assertEquals(Optional.of(new Credential("u", "pw")), c.find("registry.example"));
    assertEquals(Optional.of(new Credential("hub", "pw")), c.find("docker.io"));
    assertEquals(Optional.empty(), c.find("registry.example:5000"));
  }

  @Test
  void load_missingFile_noCredentials() throws Exception {
    assertEquals(Optional.empty(), DockerConfig.load(dir, new CredentialHelper()).find("ghcr.io"));
  }

  @Test
  void load_malformedJson_configExceptionNamingFile() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("{\"auths\": "));
    assertEquals(dir.resolve("config.json").toString(), e.file());
    assertTrue(e.getMessage().endsWith("invalid registry credentials file: not JSON at line 1, column 11"),
        e.getMessage());
  }

  @Test
  void find_authNotUserColonPassword_configExceptionNamingField() throws Exception {
    DockerConfig c = load("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("nocolon") + "\"}}}");
    ConfigException e = assertThrows(ConfigException.class, () -> c.find("ghcr.io"));
    assertEquals("auths.ghcr.io", e.field());
  }

  @Test
  void find_credHelper_runsHelperWithServerUrl() throws Exception {
    helper("fake", "read url; echo \"{\\\"ServerURL\\\":\\\"$url\\\",\\\"Username\\\":\\\"u-$url\\\","
        + "\\\"Secret\\\":\\\"s3\\\"}\"");
    DockerConfig c = load("{\"credHelpers\":{\"ghcr.io\":\"fake\"},\"credsStore\":\"fake\"}");
    assertEquals(Optional.of(new Credential("u-ghcr.io", "s3")), c.find("ghcr.io"));
    // credsStore covers the rest; Docker Hub is asked for by its historic server URL.
    assertEquals(Optional.of(new Credential("u-https://index.docker.io/v1/", "s3")), c.find("docker.io"));
  }

  @Test
  void find_helperNotFound_fallsBackToAuths() throws Exception {
    helper("empty", "echo 'credentials not found in native keychain'; exit 1");
    DockerConfig c = load("{\"credsStore\":\"empty\",\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("a:b") + "\"}}}");
    assertEquals(Optional.of(new Credential("a", "b")), c.find("ghcr.io"));
  }

  @Test
  void find_helperFails_undecidable() throws Exception {
    helper("broken", "echo 'keychain locked'; exit 3");
    DockerConfig c = load("{\"credsStore\":\"broken\"}");
    UndecidableException e = assertThrows(UndecidableException.class, () -> c.find("ghcr.io"));
    assertEquals("ghcr.io: docker-credential-broken failed (exit 3): keychain locked", e.getMessage());
  }

  @Test
  void find_helperNameWithPath_rejected() throws Exception {
    DockerConfig c = load("{\"credsStore\":\"../../bin/sh\"}");
    UndecidableException e = assertThrows(UndecidableException.class, () -> c.find("ghcr.io"));
    assertTrue(e.getMessage().contains("invalid credential helper name"), e.getMessage());
  }

  /** An explicit config directory wins: its config.json is the only login file read (AuthFiles is not searched). */
  @Test
  void lazyCredentials_explicitConfigDirWins() throws Exception {
    Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("gh:pw") + "\"}}}");
    LazyCredentials c = new LazyCredentials(RegistryOptions.defaults().withDockerConfigDir(dir),
        CredentialHelper.inDirectory(dir));
    assertEquals(Optional.of(new Credential("gh", "pw")), c.find("ghcr.io"));
  }

  private void helper(String name, String body) throws Exception {
    Path p = dir.resolve("docker-credential-" + name);
    Files.writeString(p, "#!/bin/sh\n[ \"$1\" = get ] || exit 9\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void load_malformedJson_namesFileAndPlaceNotParserInternals() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("{\"auths\": {\n  \"ghcr.io\": {auth: 1}}}"));
    assertEquals(dir.resolve("config.json").toString(), e.file());
    assertTrue(e.getMessage().contains("not JSON at line 2, column"), e.getMessage());
    for (String internal : new String[] {"Source", "REDACTED", "Unexpected character", "Jackson", "marker"}) {
      assertTrue(!e.getMessage().contains(internal), e.getMessage());
    }
  }

  @Test
  void load_wrongTypes_configExceptionNamingField() {
    for (String[] c : new String[][] {{"{\"auths\": []}", "auths"}, {"{\"auths\": {\"ghcr.io\": \"x\"}}", "auths.ghcr.io"},
        {"{\"credHelpers\": {\"ghcr.io\": 1}}", "credHelpers.ghcr.io"}, {"{\"credsStore\": true}", "credsStore"}}) {
      ConfigException e = assertThrows(ConfigException.class, () -> load(c[0]), c[0]);
      assertEquals(c[1], e.field(), c[0]);
      assertEquals(dir.resolve("config.json").toString(), e.file());
    }
  }

  @Test
  void search_podmanThenDocker_inContainersAuthOrder() {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    assertEquals(java.util.List.of(Path.of("/h/.config/containers/auth.json"), Path.of("/h/.docker/config.json")),
        AuthFiles.search(env::get, "/h"));
    env.put("XDG_RUNTIME_DIR", "/run/user/1000");
    env.put("DOCKER_CONFIG", "/d");
    assertEquals(java.util.List.of(Path.of("/run/user/1000/containers/auth.json"),
        Path.of("/h/.config/containers/auth.json"), Path.of("/d/config.json")), AuthFiles.search(env::get, "/h"));
    env.put("REGISTRY_AUTH_FILE", "/a/auth.json");
    env.put("XDG_CONFIG_HOME", "/c");
    assertEquals(java.util.List.of(Path.of("/a/auth.json"), Path.of("/c/containers/auth.json"),
        Path.of("/d/config.json")), AuthFiles.search(env::get, "/h"));
  }

  @Test
  void find_podmanAuthJsonFirst_dockerConfigForOtherRegistries() throws Exception {
    Path podman = Files.writeString(dir.resolve("auth.json"), "{\"auths\":{\"ghcr.io\":{\"auth\":\""
        + b64("podman:pw") + "\"}}}");
    Path docker = Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"ghcr.io\":{\"auth\":\""
        + b64("docker:pw") + "\"},\"quay.io\":{\"auth\":\"" + b64("dq:pw") + "\"}}}");
    LazyCredentials c = new LazyCredentials(java.util.List.of(podman, dir.resolve("missing.json"), docker),
        new CredentialHelper());
    assertEquals(Optional.of(new Credential("podman", "pw")), c.find("ghcr.io"));
    assertEquals(Optional.of(new Credential("dq", "pw")), c.find("quay.io"));
    assertEquals(Optional.empty(), c.find("docker.io"));
  }
}
