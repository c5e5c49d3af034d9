package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.oci.MediaTypes;
import dev.verdict.oci.Reference;
import dev.verdict.policy.AttestationRule;
import dev.verdict.policy.Authority;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.Location;
import dev.verdict.policy.Mode;
import dev.verdict.policy.PolicySet;
import dev.verdict.policy.SignatureRule;
import dev.verdict.policy.SignedIdentity;
import dev.verdict.policy.TlogMode;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.sigstore.Identity;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.sigstore.StringMatch;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.BundleAttacher;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import dev.verdict.testing.cosign.MemoryImageSource;
import dev.verdict.testing.sigstore.TestSigner;
import dev.verdict.testing.sigstore.TestSigstore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mutation tests of the evidence, through the engine: for each end-to-end path (key-signed cosign signature, keyless
 * cosign signature, Sigstore bundle referrer, attestation in a bundle) the untouched evidence allows, and deleting or
 * altering any one piece of it (an annotation, a field of the payload, the SET, the bundle or the statement, at any
 * depth) denies. Where the altered content is signed, it is also re-signed by the trusted signer, so that the test
 * shows the content itself is checked, not only the signature over it. The few fields that may change without a
 * deny are listed, each with the reason it is not evidence.
 */
class EvidenceMutationTest {
  static final String REPO = "registry.example/acme/app";
  static final String SAN = "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main";
  static final String COSIGN_SIGN = "https://sigstore.dev/cosign/sign/v1";
  static final String SLSA = "https://slsa.dev/provenance/v1";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static final TestSigstore SIGSTORE = TestSigstore.create();
  static final TestSigner CI = SIGSTORE.signer(SAN, TestSigstore.GITHUB_ISSUER);

  @TempDir
  static Path tmp;
  static Path root;

  @BeforeAll
  static void trustedRoot() throws Exception {
    root = SIGSTORE.writeTrustedRoot(tmp.resolve("trusted_root.json"));
  }

  /** An image in a fresh registry, with whatever evidence {@code attach} puts beside it. */
  record Image(MemoryImageSource source, Digest digest) {}

  static Image image() {
    MemoryImageSource source = new MemoryImageSource();
    return new Image(source, source.put(REPO, "1.0", TestImages.randomImage(false)));
  }

  static ImagePolicy policy(Authority authority, List<AttestationRule> attestations) {
    return new ImagePolicy("p", new Location("p.yaml", 1, 1), List.of("registry.example/acme/**"), Mode.ENFORCE,
        List.of(authority), new SignatureRule(1, List.of(authority.name()), Location.NONE), SignedIdentity.REPOSITORY,
        attestations, List.of());
  }

  static Authority.Key key() {
    return new Authority.Key("release", Location.NONE, PublicKeyVerifier.of(KEY.getPublic()), "release");
  }

  static Authority.Keyless keyless() {
    return new Authority.Keyless("ci", Location.NONE, root, List.of(new Identity(
        StringMatch.exact(TestSigstore.GITHUB_ISSUER), StringMatch.exact(SAN))), Map.of(), TlogMode.REQUIRED);
  }

  static Decision verify(Image img, ImagePolicy policy) {
    PolicySet set = new PolicySet(List.of(policy));
    try {
      Engine e = new Engine(img.source(), set, TrustMaterial.load(set, null),
          new EngineOptions(null, Clock.systemUTC()));
      String ref = REPO + ":1.0";
      ImageResult r = e.verify(new ImageTarget(ref, Reference.parse(ref), List.of()));
      return r.decision();
    } catch (dev.verdict.ConfigException | dev.verdict.UndecidableException ex) {
      throw new AssertionError(ex);
    }
  }

  static void classic(Image img, byte[] payload, Map<String, String> annotations) {
    img.source().put(REPO, img.digest().tagPrefix() + ".sig",
        ClassicSigner.manifest(List.of(new Layer(payload, annotations))));
  }

  static Map<String, String> keyAnnotations(byte[] payload) {
    return Map.of("dev.cosignproject.cosign/signature", Base64.getEncoder().encodeToString(
        ClassicSigner.sign(KEY, payload)));
  }

  // ---- mutations of JSON documents -------------------------------------------------------------------------------

  /** A mutation of a JSON document: what it did, and the result. */
  record Mutant(String what, byte[] json) {}

  /** Every field deleted, and every scalar altered, in turn (JSON pointers name them). */
  static List<Mutant> mutants(byte[] json) {
    JsonNode tree = JSON.readTree(json);
    List<String> paths = new ArrayList<>();
    collect(tree, "", paths);
    List<Mutant> out = new ArrayList<>();
    for (String p : paths) {
      JsonNode copy = tree.deepCopy();
      delete(copy, p);
      out.add(new Mutant("delete " + p, JSON.writeValueAsBytes(copy)));
      JsonNode value = tree.at(p);
      if (value.isValueNode() && !value.isNull()) {
        JsonNode altered = tree.deepCopy();
        replace(altered, p, alter(value));
        out.add(new Mutant("alter " + p, JSON.writeValueAsBytes(altered)));
      }
    }
    return out;
  }

  static void collect(JsonNode node, String at, List<String> out) {
    if (node instanceof ObjectNode o) {
      for (String k : o.propertyNames()) {
        out.add(at + "/" + k);
        collect(o.get(k), at + "/" + k, out);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        out.add(at + "/" + i);
        collect(a.get(i), at + "/" + i, out);
      }
    }
  }

  static void delete(JsonNode root, String p) {
    int cut = p.lastIndexOf('/');
    JsonNode parent = root.at(p.substring(0, cut));
    if (parent instanceof ObjectNode o) {
      o.remove(p.substring(cut + 1));
    } else if (parent instanceof ArrayNode a) {
      a.remove(Integer.parseInt(p.substring(cut + 1)));
    }
  }

  static void replace(JsonNode root, String p, JsonNode value) {
    int cut = p.lastIndexOf('/');
    JsonNode parent = root.at(p.substring(0, cut));
    if (parent instanceof ObjectNode o) {
      o.set(p.substring(cut + 1), value);
    } else if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(p.substring(cut + 1)), value);
    }
  }

  /** One character in the middle of a string changed (so base64, hex and PEM stay well formed), a number + 1. */
  static JsonNode alter(JsonNode v) {
    if (v.isBoolean()) {
      return JSON.getNodeFactory().booleanNode(!v.booleanValue());
    }
    if (v.isNumber()) {
      return JSON.getNodeFactory().numberNode(v.longValue() + 1);
    }
    return JSON.getNodeFactory().textNode(alter(v.asString()));
  }

  static String alter(String s) {
    if (s.isEmpty()) {
      return "x";
    }
    int i = s.length() / 2;
    while (i < s.length() - 1 && !Character.isLetterOrDigit(s.charAt(i))) {
      i++;
    }
    char c = s.charAt(i);
    return s.substring(0, i) + (c == '0' ? '1' : '0') + s.substring(i + 1);
  }

  /** Runs every mutant; returns those that were still allowed, unless listed in {@code harmless}. */
  static List<String> allowed(List<Mutant> mutants, Set<String> harmless, Function<Mutant, Decision> decide) {
    List<String> out = new ArrayList<>();
    for (Mutant m : mutants) {
      if (!harmless.contains(m.what()) && decide.apply(m) != Decision.DENY) {
        out.add(m.what());
      }
    }
    return out;
  }

  // ---- key-signed cosign signature -------------------------------------------------------------------------------

  @Test
  void keySigned_eachPayloadFieldChangedAndResigned_denies() {
    Image base = image();
    byte[] payload = ClassicSigner.payload(REPO, base.digest());
    classic(base, payload, keyAnnotations(payload));
    assertEquals(Decision.ALLOW, verify(base, policy(key(), List.of())));

    List<Mutant> mutants = mutants(payload);
    List<String> allowed = allowed(mutants, Set.of("delete /optional"), m -> {
      Image img = image();
      byte[] p = new String(m.json(), StandardCharsets.UTF_8).replace(base.digest().hex(), img.digest().hex())
          .getBytes(StandardCharsets.UTF_8);
      classic(img, p, keyAnnotations(p));
      return verify(img, policy(key(), List.of()));
    });
    assertTrue(mutants.size() >= 8, "mutants: " + mutants.size());
    assertEquals(List.of(), allowed, "payload changes a trusted key signed, yet allowed");
  }

  @Test
  void keySigned_signatureAnnotationMissingOrForAnotherPayload_denies() {
    Image img = image();
    byte[] payload = ClassicSigner.payload(REPO, img.digest());
    classic(img, payload, Map.of());
    assertEquals(Decision.DENY, verify(img, policy(key(), List.of())));
    classic(img, payload, keyAnnotations(ClassicSigner.payload(REPO, image().digest())));
    assertEquals(Decision.DENY, verify(img, policy(key(), List.of())));
  }

  // ---- keyless cosign signature ----------------------------------------------------------------------------------

  static final String SET = "dev.sigstore.cosign/bundle";
  static final String CHAIN = "dev.sigstore.cosign/chain";

  @Test
  void keyless_eachAnnotationDeletedOrAltered_denies() {
    Image img = image();
    TestSigner.Classic c = CI.signClassic(ClassicSigner.payload(REPO, img.digest()));
    classic(img, c.payload(), c.annotations());
    assertEquals(Decision.ALLOW, verify(img, policy(keyless(), List.of())));

    List<String> allowed = new ArrayList<>();
    for (String name : c.annotations().keySet()) {
      Map<String, String> deleted = new LinkedHashMap<>(c.annotations());
      deleted.remove(name);
      classic(img, c.payload(), deleted);
      // the chain is a carrier of candidates: the trusted root holds the CA certificates that count
      if (!name.equals(CHAIN) && verify(img, policy(keyless(), List.of())) != Decision.DENY) {
        allowed.add("delete " + name);
      }
      if (name.equals(SET)) {
        continue; // JSON: altered field by field below
      }
      Map<String, String> altered = new LinkedHashMap<>(c.annotations());
      altered.put(name, alter(altered.get(name)));
      classic(img, c.payload(), altered);
      if (!name.equals(CHAIN) && verify(img, policy(keyless(), List.of())) != Decision.DENY) {
        allowed.add("alter " + name);
      }
    }
    List<Mutant> set = mutants(c.annotations().get(SET).getBytes(StandardCharsets.UTF_8));
    allowed.addAll(allowed(set, Set.of(), m -> {
      Map<String, String> a = new LinkedHashMap<>(c.annotations());
      a.put(SET, new String(m.json(), StandardCharsets.UTF_8));
      classic(img, c.payload(), a);
      return verify(img, policy(keyless(), List.of()));
    }));
    assertEquals(List.of(), allowed, "keyless evidence changed, yet allowed");
  }

  @Test
  void keyless_eachPayloadFieldChangedAndResigned_denies() {
    Image base = image();
    byte[] payload = ClassicSigner.payload(REPO, base.digest());
    List<String> allowed = allowed(mutants(payload), Set.of("delete /optional"), m -> {
      Image img = image();
      byte[] p = new String(m.json(), StandardCharsets.UTF_8).replace(base.digest().hex(), img.digest().hex())
          .getBytes(StandardCharsets.UTF_8);
      TestSigner.Classic c = CI.signClassic(p);
      classic(img, c.payload(), c.annotations());
      return verify(img, policy(keyless(), List.of()));
    });
    assertEquals(List.of(), allowed, "payload changes the keyless signer signed, yet allowed");
  }

  // ---- Sigstore bundle referrer, and an attestation in one -------------------------------------------------------

  static void attach(Image img, byte[] bundle) {
    img.source().attach(REPO, img.digest(), MediaTypes.SIGSTORE_BUNDLE_V03,
        BundleAttacher.referrer(img.source().manifest(Reference.parse(REPO), img.digest().toString()).map(
            f -> f.descriptor()).orElseThrow(), bundle));
  }

  static byte[] statement(Digest about, String predicateType) {
    return TestSigner.statement(REPO, HexFormat.of().parseHex(about.hex()), predicateType);
  }

  /** Bundle fields that are not evidence: their change cannot make a signature verify that did not. */
  static final Set<String> BUNDLE_HARMLESS = Set.of(
      // DSSE keyid is an unauthenticated hint (DSSE spec); the signature is checked against the certificate's key
      "delete /dsseEnvelope/signatures/0/keyid", "alter /dsseEnvelope/signatures/0/keyid",
      // the logged body's own kind and apiVersion are what is checked; kindVersion, when present, must agree
      "delete /verificationMaterial/tlogEntries/0/kindVersion",
      "delete /verificationMaterial/tlogEntries/0/kindVersion/version",
      "delete /verificationMaterial/tlogEntries/0/kindVersion/kind");

  /** A fresh registry holding {@code image} with {@code bundles} attached to it. */
  static Image withBundles(TestImages.Image image, byte[]... bundles) {
    MemoryImageSource source = new MemoryImageSource();
    Image img = new Image(source, source.put(REPO, "1.0", image));
    for (byte[] b : bundles) {
      attach(img, b);
    }
    return img;
  }

  @Test
  void bundle_eachFieldDeletedOrAltered_denies() {
    TestImages.Image image = TestImages.randomImage(false);
    byte[] bundle = CI.dsseBundle(statement(image.digest(), COSIGN_SIGN), TestSigner.Options.defaults());
    assertEquals(Decision.ALLOW, verify(withBundles(image, bundle), policy(keyless(), List.of())));
    assertEquals(Decision.DENY, verify(withBundles(image), policy(keyless(), List.of())));

    List<Mutant> mutants = mutants(bundle);
    List<String> allowed = allowed(mutants, BUNDLE_HARMLESS,
        m -> verify(withBundles(image, m.json()), policy(keyless(), List.of())));
    assertTrue(mutants.size() > 40, "mutants: " + mutants.size());
    assertEquals(List.of(), allowed, "bundle changed, yet allowed");
  }

  @Test
  void bundle_eachStatementFieldChangedAndResigned_denies() {
    TestImages.Image image = TestImages.randomImage(false);
    List<String> allowed = allowed(mutants(statement(image.digest(), COSIGN_SIGN)), Set.of(
        // cosign ignores subject names; the digest is what binds the statement to the image
        "delete /subject/0/name", "alter /subject/0/name"), m -> verify(
            withBundles(image, CI.dsseBundle(m.json(), TestSigner.Options.defaults())), policy(keyless(), List.of())));
    assertEquals(List.of(), allowed, "statement changes the keyless signer signed, yet allowed");
  }

  @Test
  void attestation_eachStatementFieldChangedAndResigned_denies() {
    TestImages.Image image = TestImages.randomImage(false);
    byte[] signature = CI.dsseBundle(statement(image.digest(), COSIGN_SIGN), TestSigner.Options.defaults());
    AttestationRule provenance = new AttestationRule("provenance", SLSA, List.of("ci"), List.of(), null, null, null,
        Location.NONE);
    ImagePolicy policy = policy(keyless(), List.of(provenance));
    byte[] statement = statement(image.digest(), SLSA);
    assertEquals(Decision.ALLOW, verify(withBundles(image, signature, CI.dsseBundle(statement,
        TestSigner.Options.defaults())), policy));
    assertEquals(Decision.DENY, verify(withBundles(image, signature), policy));

    List<String> allowed = allowed(mutants(statement), Set.of("delete /subject/0/name", "alter /subject/0/name",
        // the rule constrains no predicate field (lint warns about such a rule): its content is not evidence here
        "delete /predicate", "alter /predicate"), m -> verify(withBundles(image, signature,
            CI.dsseBundle(m.json(), TestSigner.Options.defaults())), policy));
    assertEquals(List.of(), allowed, "attestation changes the keyless signer signed, yet allowed");
  }
}
