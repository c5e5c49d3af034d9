package dev.verdict.discovery;

import dev.verdict.Json;
import dev.verdict.VerdictException;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageManifest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.Manifests;
import dev.verdict.oci.MediaTypes;
import dev.verdict.oci.Reference;
import dev.verdict.sigstore.ClaimedSigner;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Lists what is attached to an image without verifying any of it: cosign's {@code .sig}, {@code .att} and
 * {@code .sbom} tags, and OCI 1.1 referrers (or their {@code sha256-<hex>} fallback tag), with signer identities
 * where a certificate is readable. Signer names shown are claims, not proofs.
 */
public final class Inspector {
  static final String PREDICATE_TYPE = "predicateType";

  private Inspector() {}

  public static Optional<Inventory> inspect(ImageSource source, Reference ref) throws VerdictException {
    Optional<FetchedManifest> fetched = source.manifest(ref, ref.identifier());
    if (fetched.isEmpty()) {
      return Optional.empty();
    }
    FetchedManifest m = fetched.get();
    Manifests.requireImage(m);
    Digest digest = m.digest();
    Reference pinned = ref.withDigest(digest);
    List<Descriptor> platforms = m.isIndex() ? Manifests.parseIndex(m).manifests() : List.of();
    List<Inventory.Item> items = new ArrayList<>();
    EvidenceBudget budget = new EvidenceBudget();
    tagged(source, pinned, digest.tagPrefix() + ".sig", "signature", items, budget);
    tagged(source, pinned, digest.tagPrefix() + ".att", "attestation", items, budget);
    tagged(source, pinned, digest.tagPrefix() + ".sbom", "sbom", items, budget);
    List<Descriptor> referrers = source.referrers(pinned, digest, null);
    EvidenceBudget.count(pinned.repositoryName() + "@" + digest,
        (int) referrers.stream().filter(d -> MediaTypes.isSigstoreBundle(d.artifactType())).count(),
        EvidenceBudget.MAX_BUNDLES, "Sigstore bundle referrers");
    for (Descriptor d : referrers) {
      items.add(referrer(source, pinned, d, budget));
    }
    return Optional.of(new Inventory(ref.toString(), digest, m.mediaType(), platforms, items));
  }

  private static void tagged(ImageSource source, Reference image, String tag, String kind,
      List<Inventory.Item> items, EvidenceBudget budget) throws VerdictException {
    Optional<FetchedManifest> m = source.manifest(image, tag);
    if (m.isEmpty() || m.get().isIndex()) {
      return;
    }
    ImageManifest manifest = Manifests.parseManifest(m.get());
    List<Descriptor> layers = manifest.layers();
    EvidenceBudget.count(image.repositoryName() + ":" + tag, layers.size(), EvidenceBudget.MAX_LAYERS,
        kind + " layers");
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      Map<String, String> details = new LinkedHashMap<>();
      details.put("mediaType", layer.mediaType());
      details.put("layer", layer.digest().toString());
      details.put("size", Long.toString(layer.size()));
      String hint = layer.annotation(PREDICATE_TYPE);
      if (hint != null) {
        details.put("predicateType (annotation)", hint);
      }
      String cert = layer.annotation(SignatureLayer.CERTIFICATE);
      if (cert != null) {
        ClaimedSigner.fromCertificatePem(cert).ifPresent(s -> signer(s, details));
      } else if (layer.annotation(SignatureLayer.SIGNATURE) != null) {
        details.put("signer (claimed)", "a public key (no certificate)");
      }
      if (layer.annotation(SignatureLayer.BUNDLE) != null) {
        details.put("transparency log", "Rekor SET annotation present");
      }
      if (layer.annotation(SignatureLayer.TIMESTAMP) != null) {
        details.put("timestamp", "RFC 3161 timestamp annotation present");
      }
      String where = image.repositoryName() + ":" + tag + " layer " + (i + 1);
      if (MediaTypes.COSIGN_SIMPLE_SIGNING.equals(layer.mediaType()) && layer.size() <= 1 << 16) {
        budget.reserve(where, layer.size());
        payloadClaims(source.blob(image, layer), details);
      }
      if (MediaTypes.DSSE_ENVELOPE.equals(layer.mediaType()) && layer.size() <= BundleReferrers.MAX_BUNDLE) {
        budget.reserve(where, layer.size());
        envelopeClaims(source.blob(image, layer), details);
      }
      items.add(new Inventory.Item(kind, tag + " layer " + (i + 1), details));
    }
  }

  private static Inventory.Item referrer(ImageSource source, Reference image, Descriptor d, EvidenceBudget budget)
      throws VerdictException {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("artifactType", d.artifactType() == null ? "(none)" : d.artifactType());
    d.annotations().forEach((k, v) -> {
      if (k.startsWith("dev.sigstore.bundle.") || k.equals("org.opencontainers.image.created")) {
        details.put(k, v);
      }
    });
    String kind = "referrer";
    if (MediaTypes.isSigstoreBundle(d.artifactType())) {
      kind = "bundle";
      Optional<FetchedManifest> m = source.manifest(image, d.digest().toString());
      if (m.isPresent() && !m.get().isIndex()) {
        List<Descriptor> layers = Manifests.parseManifest(m.get()).layers();
        EvidenceBudget.count(image.repositoryName() + "@" + d.digest(), layers.size(), EvidenceBudget.MAX_LAYERS,
            "layers of a bundle referrer");
        for (Descriptor layer : layers) {
          if (MediaTypes.isSigstoreBundle(layer.mediaType())) {
            budget.reserve(image.repositoryName() + "@" + layer.digest(), layer.size());
            byte[] bundle = source.blob(image, layer);
            ClaimedSigner.fromBundle(bundle).ifPresent(s -> {
              details.put("content", s.content());
              signer(s, details);
            });
            statementClaims(ClaimedSigner.unverifiedPayload(bundle), details);
          }
        }
      }
    }
    return new Inventory.Item(kind, d.digest().toString(), details);
  }

  private static void signer(ClaimedSigner s, Map<String, String> details) {
    details.put("signer (claimed)", s.subject());
    if (s.issuer() != null) {
      details.put("issuer (claimed)", s.issuer());
    }
  }

  private static void payloadClaims(byte[] payload, Map<String, String> details) {
    try {
      JsonNode critical = Json.mapper().readTree(payload).path("critical");
      details.put("docker-reference", critical.path("identity").path("docker-reference").asString("?"));
      details.put("docker-manifest-digest", critical.path("image").path("docker-manifest-digest").asString("?"));
    } catch (RuntimeException e) {
      details.put("payload", "not valid JSON");
    }
  }

  private static void envelopeClaims(byte[] envelope, Map<String, String> details) {
    try {
      JsonNode env = Json.mapper().readTree(envelope);
      details.put("payloadType", env.path("payloadType").asString("?"));
      statementClaims(Base64.getDecoder().decode(env.path("payload").asString("")), details);
    } catch (RuntimeException e) {
      details.put("envelope", "not a readable DSSE envelope");
    }
  }

  private static void statementClaims(byte[] payload, Map<String, String> details) {
    if (payload == null) {
      return;
    }
    try {
      JsonNode st = Json.mapper().readTree(payload);
      details.put("predicateType (unverified)", st.path("predicateType").asString("?"));
    } catch (RuntimeException e) {
      details.put("payload", "not valid JSON (" + Base64.getEncoder().encodeToString(payload).length() + " base64 chars)");
    }
  }
}
