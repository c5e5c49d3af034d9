package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import dev.verdict.policy.Authority;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.Location;
import dev.verdict.policy.Mode;
import dev.verdict.policy.PolicyExemption;
import dev.verdict.policy.PolicySet;
import dev.verdict.policy.SignatureRule;
import dev.verdict.policy.SignedIdentity;
import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import dev.verdict.sigstore.PublicKeyVerifier;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import dev.verdict.testing.cosign.MemoryImageSource;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTest {
  static final String REPO = "registry.example/acme/app";
  static final KeyPair KEY = ClassicSigner.ecKey("secp256r1");
  static final KeyPair OTHER = ClassicSigner.ecKey("secp256r1");

  final MemoryImageSource source = new MemoryImageSource();
  final Digest image = source.put(REPO, "1.0", TestImages.randomImage(false));

  static Authority.Key key(String name, KeyPair k) {
    return new Authority.Key(name, Location.NONE, PublicKeyVerifier.of(k.getPublic()), name);
  }

  static ImagePolicy policy(Mode mode, int require, List<Authority> authorities, List<PolicyExemption> exceptions) {
    return new ImagePolicy("p", new Location("p.yaml", 1, 1), List.of("registry.example/acme/**"), mode,
        authorities, new SignatureRule(require, authorities.stream().map(Authority::name).toList(), Location.NONE),
        SignedIdentity.REPOSITORY, List.of(), exceptions);
  }

  ImageResult verify(String ref, ImagePolicy... policies) {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
    PolicySet set = new PolicySet(List.of(policies));
    Engine e;
    try {
      e = new Engine(source, set, TrustMaterial.load(set, null), new EngineOptions(null, clock));
    } catch (dev.verdict.ConfigException | dev.verdict.UndecidableException ex) {
      throw new AssertionError(ex);
    }
    return e.verify(new ImageTarget(ref, Reference.parse(ref), List.of()));
  }

  void sign(Layer... layers) {
    source.put(REPO, image.tagPrefix() + ".sig", ClassicSigner.manifest(List.of(layers)));
  }

  ImagePolicy keyPolicy() {
    return policy(Mode.ENFORCE, 1, List.of(key("release", KEY)), List.of());
  }

  static Check check(ImageResult r, String id) {
    return r.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void verify_validSignature_allows() {
    sign(Layer.signed(KEY, ClassicSigner.payload(REPO, image)));
    ImageResult r = verify(REPO + ":1.0", keyPolicy());
    assertEquals(Decision.ALLOW, r.decision(), r.checks().toString());
    assertEquals(image.toString(), r.digest());
    assertEquals(Status.PASS, check(r, "signature").status());
    assertEquals(REPO, check(r, "signature").evidence().get("docker-reference"));
  }

  @Test
  void verify_unsigned_deniesNamingTheMissingTag() {
    ImageResult r = verify(REPO + ":1.0", keyPolicy());
    assertEquals(Decision.DENY, r.decision());
    assertTrue(check(r, "signature").found().contains(image.tagPrefix() + ".sig"));
  }

  @Test
  void verify_wrongKey_denies() {
    sign(Layer.signed(OTHER, ClassicSigner.payload(REPO, image)));
    ImageResult r = verify(REPO + ":1.0", keyPolicy());
    assertEquals(Decision.DENY, r.decision());
    assertTrue(check(r, "signature").message().contains("does not verify"), check(r, "signature").message());
  }

  @Test
  void verify_payloadForAnotherDigest_denies() {
    Digest other = Digest.sha256("other".getBytes());
    sign(Layer.signed(KEY, ClassicSigner.payload(REPO, other)));
    ImageResult r = verify(REPO + ":1.0", keyPolicy());
    assertEquals(Decision.DENY, r.decision());
    assertTrue(check(r, "signature").message().contains("signature is for " + other));
  }

  @Test
  void verify_signatureCopiedFromAnotherRepository_denies() {
    sign(Layer.signed(KEY, ClassicSigner.payload("registry.example/acme/other", image)));
    ImageResult r = verify(REPO + ":1.0", keyPolicy());
    assertEquals(Decision.DENY, r.decision());
    assertTrue(check(r, "signature").message().contains("signed for repository registry.example/acme/other"));
  }

  @Test
  void verify_anySignedIdentity_acceptsOtherRepository() {
    sign(Layer.signed(KEY, ClassicSigner.payload("mirror.example/app", image)));
    ImagePolicy p = keyPolicy();
    ImagePolicy any = new ImagePolicy(p.name(), p.location(), p.images(), p.mode(), p.authorities(), p.signatures(),
        new SignedIdentity(SignedIdentity.Kind.ANY, List.of()), List.of(), List.of());
    assertEquals(Decision.ALLOW, verify(REPO + ":1.0", any).decision());
  }

  @Test
  void verify_remap_acceptsTheRemappedRepositoryOnly() {
    sign(Layer.signed(KEY, ClassicSigner.payload("docker.io/acme/app", image)));
    ImagePolicy p = keyPolicy();
    SignedIdentity remap = new SignedIdentity(SignedIdentity.Kind.REMAP,
        List.of(new SignedIdentity.Remap("registry.example/", "docker.io/")));
    ImagePolicy remapped = new ImagePolicy(p.name(), p.location(), p.images(), p.mode(), p.authorities(),
        p.signatures(), remap, List.of(), List.of());
    assertEquals(Decision.ALLOW, verify(REPO + ":1.0", remapped).decision());
    assertEquals(Decision.DENY, verify(REPO + ":1.0", p).decision());
  }

  @Test
  void verify_dockerHubAliases_areOneRegistry() {
    Digest d = source.put("docker.io/library/nginx", "latest", TestImages.randomImage(false));
    source.put("docker.io/library/nginx", d.tagPrefix() + ".sig",
        ClassicSigner.manifest(List.of(Layer.signed(KEY, ClassicSigner.payload("index.docker.io/library/nginx", d)))));
    ImagePolicy p = new ImagePolicy("hub", Location.NONE, List.of("docker.io/**"), Mode.ENFORCE,
        List.of(key("release", KEY)), new SignatureRule(1, List.of("release"), Location.NONE),
        SignedIdentity.REPOSITORY, List.of(), List.of());
    assertEquals(Decision.ALLOW, verify("nginx", p).decision());
  }

  @Test
  void verify_kOfN_needsDistinctAuthorities() {
    sign(Layer.signed(KEY, ClassicSigner.payload(REPO, image)), Layer.signed(KEY, ClassicSigner.payload(REPO, image)));
    ImagePolicy twoOfTwo = policy(Mode.ENFORCE, 2, List.of(key("a", KEY), key("b", OTHER)), List.of());
    ImageResult r = verify(REPO + ":1.0", twoOfTwo);
    assertEquals(Decision.DENY, r.decision());
    assertEquals("[a]", check(r, "signatures.threshold").found());

    sign(Layer.signed(KEY, ClassicSigner.payload(REPO, image)), Layer.signed(OTHER, ClassicSigner.payload(REPO, image)));
    assertEquals(Decision.ALLOW, verify(REPO + ":1.0", twoOfTwo).decision());
  }

  @Test
  void verify_oneOfTwo_oneSigner_allowsAndSkipsTheOther() {
    sign(Layer.signed(KEY, ClassicSigner.payload(REPO, image)));
    ImageResult r = verify(REPO + ":1.0", policy(Mode.ENFORCE, 1, List.of(key("a", KEY), key("b", OTHER)), List.of()));
    assertEquals(Decision.ALLOW, r.decision(), r.checks().toString());
    Check b = r.checks().stream().filter(c -> "b".equals(c.subject())).findFirst().orElseThrow();
    assertEquals(Status.SKIP, b.status());
    assertTrue(b.message().endsWith("(not needed: 1 of 1 signed)"), b.message());
  }

  @Test
  void verify_twoAuthoritiesSameKey_oneSignatureCountsOnce() {
    sign(Layer.signed(KEY, ClassicSigner.payload(REPO, image)));
    ImageResult r = verify(REPO + ":1.0", policy(Mode.ENFORCE, 2, List.of(key("a", KEY), key("b", KEY)), List.of()));
    assertEquals(Decision.DENY, r.decision(), r.checks().toString());
    assertEquals("[a]", check(r, "signatures.threshold").found());
    Check b = r.checks().stream().filter(c -> "b".equals(c.subject())).findFirst().orElseThrow();
    assertEquals(Status.FAIL, b.status());
    assertTrue(b.message().contains("counts for a; one signer counts once"), b.message());
  }

  @Test
  void verify_twoAuthoritiesSameKey_twoSignaturesByThatKeyCountOnce() {
    byte[] payload = ClassicSigner.payload(REPO, image);
    // ECDSA signatures are randomised: two signatures by one key over one payload, in two layers
    sign(Layer.signed(KEY, payload), Layer.signed(KEY, payload));
    ImageResult r = verify(REPO + ":1.0", policy(Mode.ENFORCE, 2, List.of(key("a", KEY), key("b", KEY)), List.of()));
    assertEquals(Decision.DENY, r.decision(), r.checks().toString());
    assertTrue(check(r, "signatures.threshold").message().endsWith("(one signature, key or identity counts once)"),
        check(r, "signatures.threshold").message());
  }

  @Test
  void verify_sameSignatureInTwoLayers_countsOnceForDistinctAuthorities() {
    Layer one = Layer.signed(KEY, ClassicSigner.payload(REPO, image));
    sign(one, one);
    ImageResult r = verify(REPO + ":1.0", policy(Mode.ENFORCE, 2, List.of(key("a", KEY), key("b", KEY)), List.of()));
    assertEquals(Decision.DENY, r.decision(), r.checks().toString());
  }

  @Test
  void verify_oneInvalidOneValid_allows() {
    byte[] payload = ClassicSigner.payload(REPO, image);
    sign(Layer.signed(OTHER, payload), Layer.signed(KEY, payload));
    assertEquals(Decision.ALLOW, verify(REPO + ":1.0", keyPolicy()).decision());
  }

  @Test
  void verify_noMatchingPolicy_denies() {
    sign(Layer.signed(KEY, ClassicSigner.payload(REPO, image)));
    ImagePolicy p = new ImagePolicy("other", Location.NONE, List.of("ghcr.io/**"), Mode.ENFORCE,
        List.of(key("release", KEY)), new SignatureRule(1, List.of("release"), Location.NONE),
        SignedIdentity.REPOSITORY, List.of(), List.of());
    ImageResult r = verify(REPO + ":1.0", p);
    assertEquals(Decision.DENY, r.decision());
    assertEquals(Status.FAIL, check(r, "policy.match").status());
  }

  @Test
  void verify_imageNotFound_denies() {
    ImageResult r = verify(REPO + ":missing", keyPolicy());
    assertEquals(Decision.DENY, r.decision());
    assertEquals("not found", check(r, "image.resolve").found());
  }

  @Test
  void verify_warnMode_allowsWithWarning_auditAllows() {
    ImageResult warn = verify(REPO + ":1.0", policy(Mode.WARN, 1, List.of(key("r", KEY)), List.of()));
    assertEquals(Decision.WARN, warn.decision());
    assertEquals(Status.WARN, check(warn, "signature").status());
    ImageResult audit = verify(REPO + ":1.0", policy(Mode.AUDIT, 1, List.of(key("r", KEY)), List.of()));
    assertEquals(Decision.ALLOW, audit.decision());
  }

  @Test
  void verify_liveException_warns_expiredExceptionDenies() {
    PolicyExemption live = new PolicyExemption(List.of(REPO + "**"), "OPS-12", LocalDate.parse("2026-12-31"),
        Location.NONE);
    assertEquals(Decision.WARN,
        verify(REPO + ":1.0", policy(Mode.ENFORCE, 1, List.of(key("r", KEY)), List.of(live))).decision());
    PolicyExemption expired = new PolicyExemption(List.of(REPO + "**"), "OPS-12", LocalDate.parse("2026-01-31"),
        Location.NONE);
    ImageResult r = verify(REPO + ":1.0", policy(Mode.ENFORCE, 1, List.of(key("r", KEY)), List.of(expired)));
    assertEquals(Decision.DENY, r.decision());
    assertEquals(Status.WARN, check(r, "exception.expired").status());
  }

  @Test
  void verify_severalPolicies_allMustAllow() {
    sign(Layer.signed(KEY, ClassicSigner.payload(REPO, image)));
    ImagePolicy second = policy(Mode.ENFORCE, 1, List.of(key("other", OTHER)), List.of());
    ImageResult r = verify(REPO + ":1.0", keyPolicy(), second);
    assertEquals(Decision.DENY, r.decision());
    assertEquals(2, r.matchedPolicies().size());
  }

  @Test
  void verify_flipEveryByteOfSignatureAndPayload_neverAllows() {
    byte[] payload = ClassicSigner.payload(REPO, image);
    byte[] sig = ClassicSigner.sign(KEY, payload);
    for (int i = 0; i < sig.length; i++) {
      byte[] bad = sig.clone();
      bad[i] ^= 0x01;
      sign(new Layer(payload, Map.of("dev.cosignproject.cosign/signature", Base64.getEncoder().encodeToString(bad))));
      assertEquals(Decision.DENY, verify(REPO + ":1.0", keyPolicy()).decision(), "signature byte " + i);
    }
    for (int i = 0; i < payload.length; i++) {
      byte[] bad = Arrays.copyOf(payload, payload.length);
      bad[i] ^= 0x01;
      sign(new Layer(bad, Map.of("dev.cosignproject.cosign/signature", Base64.getEncoder().encodeToString(sig))));
      assertEquals(Decision.DENY, verify(REPO + ":1.0", keyPolicy()).decision(), "payload byte " + i);
    }
  }

  @Test
  void verify_layerWithoutSimpleSigningMediaType_isNotASignature() {
    byte[] payload = ClassicSigner.payload(REPO, image);
    source.put(REPO, image.tagPrefix() + ".sig", ClassicSigner.manifest(List.of(Layer.signed(KEY, payload)),
        "application/vnd.dsse.envelope.v1+json"));
    ImageResult r = verify(REPO + ":1.0", keyPolicy());
    assertEquals(Decision.DENY, r.decision());
    assertTrue(check(r, "signature").message().contains("not a cosign simple-signing payload"));
  }
}
