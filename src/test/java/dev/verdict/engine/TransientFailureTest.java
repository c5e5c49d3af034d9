package dev.verdict.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.UndecidableException;
import dev.verdict.VerdictException;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Reference;
import dev.verdict.policy.AttestationRule;
import dev.verdict.policy.ImagePolicy;
import dev.verdict.policy.Location;
import dev.verdict.policy.Mode;
import dev.verdict.policy.PolicySet;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.testing.TestImages;
import dev.verdict.testing.cosign.ClassicSigner;
import dev.verdict.testing.cosign.ClassicSigner.Layer;
import dev.verdict.testing.cosign.MemoryImageSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A transient failure (the registry answered 5xx or 429, timed out, refused the login, or the network broke) at any
 * point of discovery is "could not decide" (ERROR, not definitive), never a deny that a cache could keep and never
 * "no signature found". Each read the engine makes is failed in turn.
 */
class TransientFailureTest {
  static final String REPO = EngineTest.REPO;

  /** A registry whose reads matching {@code fails} throw as the registry client does for a 503. */
  static final class Flaky implements ImageSource {
    final MemoryImageSource inner;
    final Predicate<String> fails;

    Flaky(MemoryImageSource inner, Predicate<String> fails) {
      this.inner = inner;
      this.fails = fails;
    }

    private void maybe(String what) throws UndecidableException {
      if (fails.test(what)) {
        throw new UndecidableException(REPO, "registry answered HTTP 503 for " + what + " (after retries)");
      }
    }

    @Override
    public Optional<FetchedManifest> manifest(Reference repo, String tagOrDigest) throws VerdictException {
      maybe("manifest " + tagOrDigest);
      return inner.manifest(repo, tagOrDigest);
    }

    @Override
    public byte[] blob(Reference repo, Descriptor descriptor) throws VerdictException {
      maybe("blob " + descriptor.digest());
      return inner.blob(repo, descriptor);
    }

    @Override
    public List<Descriptor> referrers(Reference repo, Digest subject, String artifactType)
        throws VerdictException {
      maybe("referrers " + subject);
      return inner.referrers(repo, subject, artifactType);
    }

    @Override
    public void close() {
    }
  }

  static ImageResult verify(ImageSource source, ImagePolicy policy) throws Exception {
    PolicySet set = new PolicySet(List.of(policy));
    Engine e = new Engine(source, set, TrustMaterial.load(set, null), EngineOptions.defaults());
    return e.verify(new ImageTarget(REPO + ":1.0", Reference.parse(REPO + ":1.0"), List.of()));
  }

  static void assertUndecided(ImageResult r) {
    assertEquals(Decision.ERROR, r.decision(), r.checks().toString());
    assertFalse(r.definitive());
    assertNull(r.notAfter());
    assertTrue(r.checks().stream().anyMatch(c -> c.message().contains("HTTP 503")), r.checks().toString());
  }

  static ImagePolicy keyPolicy() {
    return EngineTest.policy(Mode.ENFORCE, 1, List.of(EngineTest.key("r", EngineTest.KEY)), List.of());
  }

  @Test
  void verify_503ResolvingTheImage_undecided() throws Exception {
    MemoryImageSource m = new MemoryImageSource();
    m.put(REPO, "1.0", TestImages.randomImage(false));
    assertUndecided(verify(new Flaky(m, w -> w.equals("manifest 1.0")), keyPolicy()));
  }

  @Test
  void verify_503OnTheSignatureTag_undecidedNotUnsigned() throws Exception {
    MemoryImageSource m = new MemoryImageSource();
    m.put(REPO, "1.0", TestImages.randomImage(false));
    assertUndecided(verify(new Flaky(m, w -> w.endsWith(".sig")), keyPolicy()));
  }

  @Test
  void verify_noSignatureTagAnd503ListingReferrers_undecidedNotUnsigned() throws Exception {
    MemoryImageSource m = new MemoryImageSource();
    m.put(REPO, "1.0", TestImages.randomImage(false));
    assertUndecided(verify(new Flaky(m, w -> w.startsWith("referrers")), keyPolicy()));
    // the same image with the listing answered is a definitive deny: unsigned
    ImageResult unsigned = verify(m, keyPolicy());
    assertEquals(Decision.DENY, unsigned.decision());
    assertTrue(unsigned.definitive());
  }

  @Test
  void verify_503FetchingTheSignaturePayload_undecidedNotInvalid() throws Exception {
    MemoryImageSource m = new MemoryImageSource();
    Digest image = m.put(REPO, "1.0", TestImages.randomImage(false));
    m.put(REPO, image.tagPrefix() + ".sig", ClassicSigner.manifest(List.of(
        Layer.signed(EngineTest.KEY, ClassicSigner.payload(REPO, image)))));
    assertUndecided(verify(new Flaky(m, w -> w.startsWith("blob")), keyPolicy()));
    assertEquals(Decision.ALLOW, verify(m, keyPolicy()).decision());
  }

  @Test
  void verify_signedButAttestationTag503_undecidedNotMissingAttestation() throws Exception {
    MemoryImageSource m = new MemoryImageSource();
    Digest image = m.put(REPO, "1.0", TestImages.randomImage(false));
    m.put(REPO, image.tagPrefix() + ".sig", ClassicSigner.manifest(List.of(
        Layer.signed(EngineTest.KEY, ClassicSigner.payload(REPO, image)))));
    AttestationRule rule = new AttestationRule("prov", "https://slsa.dev/provenance/v1", List.of("r"), List.of(),
        null, null, null, Location.NONE);
    ImagePolicy p = new ImagePolicy("p", new Location("p.yaml", 1, 1), List.of("registry.example/acme/**"),
        Mode.ENFORCE, List.of(EngineTest.key("r", EngineTest.KEY)), new dev.verdict.policy.SignatureRule(1,
        List.of("r"), Location.NONE), dev.verdict.policy.SignedIdentity.REPOSITORY, List.of(rule), List.of());
    assertUndecided(verify(new Flaky(m, w -> w.endsWith(".att")), p));
    assertUndecided(verify(new Flaky(m, w -> w.startsWith("referrers")), p));
    assertEquals(Decision.DENY, verify(m, p).decision(), "no attestation at all is a definitive deny");
  }

  @Test
  void verify_warnModeOrLiveException_neverSoftenAnUndecided() throws Exception {
    MemoryImageSource m = new MemoryImageSource();
    m.put(REPO, "1.0", TestImages.randomImage(false));
    ImagePolicy warn = EngineTest.policy(Mode.WARN, 1, List.of(EngineTest.key("r", EngineTest.KEY)), List.of());
    assertUndecided(verify(new Flaky(m, w -> w.endsWith(".sig")), warn));
    ImagePolicy excepted = EngineTest.policy(Mode.ENFORCE, 1, List.of(EngineTest.key("r", EngineTest.KEY)),
        List.of(NotAfterTest.exception("2099-12-31")));
    assertUndecided(verify(new Flaky(m, w -> w.endsWith(".sig")), excepted));
  }
}
