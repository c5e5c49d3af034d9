package dev.verdict.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A trusted root is read strictly: every malformed field is a ConfigException naming the file and field. */
class TrustedRootTest {
  static final Path PROD = Path.of("testdata/sigstore-bundles/derived-trust-roots/"
      + "PROD-trusted_root.sigstore-python-store.json");

  static ConfigException broken(String from, String to) throws Exception {
    String json = Files.readString(PROD);
    String changed = json.replaceFirst(from, to);
    if (changed.equals(json)) {
      throw new AssertionError("pattern not found: " + from);
    }
    return assertThrows(ConfigException.class, () -> TrustedRoot.parse(changed.getBytes(StandardCharsets.UTF_8),
        "root.json"));
  }

  @Test
  void load_publicGoodRoot_readsEveryService() throws Exception {
    TrustedRoot r = TrustedRoot.load(PROD);
    assertEquals(2, r.tlogs().size());
    assertEquals(2, r.ctlogs().size());
    assertEquals(2, r.certificateAuthorities().size());
    assertEquals(1, r.timestampAuthorities().size());
  }

  @Test
  void parse_missingValidityStart_fails() throws Exception {
    ConfigException e = broken("\"start\": \"[^\"]+\",", "");
    assertEquals("root.json: certificateAuthorities[0].validFor.start: is required", e.getMessage());
  }

  @Test
  void parse_unknownKeyType_fails() throws Exception {
    ConfigException e = broken("PKIX_ECDSA_P256_SHA_256", "PKIX_MYSTERY");
    assertEquals("root.json: tlogs[0].publicKey.keyDetails: unknown key type PKIX_MYSTERY", e.getMessage());
  }

  @Test
  void parse_badBase64_fails() throws Exception {
    ConfigException e = broken("\"rawBytes\": \"", "\"rawBytes\": \"!!");
    assertEquals("root.json: tlogs[0].publicKey.rawBytes: is not valid base64", e.getMessage());
  }

  @Test
  void parse_badCertificate_fails() throws Exception {
    ConfigException e = broken("\"rawBytes\": \"MII", "\"rawBytes\": \"AAAA");
    assertEquals("root.json", e.file());
  }

  @Test
  void parse_notJsonOrWrongMediaType_fails() {
    assertThrows(ConfigException.class, () -> TrustedRoot.parse("{".getBytes(), "root.json"));
    ConfigException e = assertThrows(ConfigException.class, () -> TrustedRoot.parse(
        "{\"mediaType\":\"application/json\"}".getBytes(), "root.json"));
    assertEquals("root.json: mediaType: not a Sigstore trusted root media type: application/json", e.getMessage());
    ConfigException empty = assertThrows(ConfigException.class, () -> TrustedRoot.parse(
        "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\"}".getBytes(), "root.json"));
    assertEquals("root.json: certificateAuthorities: the trusted root names no CA, log or TSA", empty.getMessage());
  }

  @Test
  void loadPem_notPem_fails(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("roots.pem"), "hello");
    ConfigException e = assertThrows(ConfigException.class, () -> CertificateRequirements.loadPem(f));
    assertEquals(f + ": no PEM CERTIFICATE block", e.getMessage());
  }
}
