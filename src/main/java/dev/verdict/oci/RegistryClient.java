package dev.verdict.oci;

import dev.verdict.UndecidableException;
import dev.verdict.VerdictException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution API endpoints verdict reads
 * (<a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>):
 * manifests, blobs and referrers, with the {@code sha256-<hex>} referrers tag as fallback. Thread-safe.
 */
final class RegistryClient implements ImageSource {
  static final long MANIFEST_CAP = 4L * 1024 * 1024;
  static final long BLOB_CAP = 64L * 1024 * 1024;
  private static final int MAX_REFERRER_PAGES = 16;
  private static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
      MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LIST);

  private final Transport transport;
  private final RegistryAuth auth;

  RegistryClient(RegistryOptions opts) {
    this(new Transport(opts), opts, new CredentialHelper());
  }

  RegistryClient(Transport transport, RegistryOptions opts, CredentialHelper helpers) {
    this.transport = transport;
    this.auth = new RegistryAuth(transport, new LazyCredentials(opts, helpers));
  }

  @Override
  public Optional<FetchedManifest> manifest(Reference repo, String tagOrDigest) throws VerdictException {
    String id = tagOrDigest != null ? tagOrDigest : repo.identifier();
    Digest asked = id.contains(":") ? parseDigest(repo, id) : null;
    Transport.Response r = get(repo, "/manifests/" + id, MANIFEST_ACCEPT, MANIFEST_CAP, "manifest " + id);
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(checkedManifest(repo, r, asked, "manifest " + id));
  }

  @Override
  public byte[] blob(Reference repo, Descriptor d) throws VerdictException {
    String ref = repo.repositoryName();
    if (d.size() > BLOB_CAP) {
      throw RegistryErrors.tooLarge(ref, "blob " + d.digest() + " (" + d.size() + " bytes)", BLOB_CAP);
    }
    Transport.Response r = get(repo, "/blobs/" + d.digest(), "*/*", d.size(), "blob " + d.digest());
    if (r.status() == 404) {
      throw new UndecidableException(ref, "blob " + d.digest() + " not found in registry " + repo.registry());
    }
    if (r.truncated()) {
      throw RegistryErrors.tooLarge(ref, "blob " + d.digest(), d.size());
    }
    VerifiedContent.check(r.body(), d.digest(), d.size(), RegistryErrors.content(ref), "blob " + d.digest());
    checkDigestHeader(repo, r, d.digest());
    return r.body();
  }

  @Override
  public List<Descriptor> referrers(Reference repo, Digest subject, String artifactType) throws VerdictException {
    String query = artifactType == null ? "" : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
    String path = "/referrers/" + subject + query;
    List<Descriptor> out = new ArrayList<>();
    for (int page = 0; page < MAX_REFERRER_PAGES && path != null; page++) {
      Transport.Response r = get(repo, path, MediaTypes.OCI_INDEX, MANIFEST_CAP, "referrers of " + subject);
      if (r.status() == 404 && page == 0) {
        return fallbackTag(repo, subject, artifactType);
      }
      if (r.status() != 200) {
        throw RegistryErrors.status(repo.repositoryName(), repo.registry(), r, "referrers of " + subject);
      }
      if (r.truncated()) {
        throw RegistryErrors.tooLarge(repo.repositoryName(), "referrers list of " + subject, MANIFEST_CAP);
      }
      FetchedManifest listing = new FetchedManifest(Digest.sha256(r.body()), MediaTypes.OCI_INDEX, r.body());
      out.addAll(Manifests.parseIndex(listing).manifests());
      path = nextPage(repo, r);
    }
    if (path != null) {
      // a bundle or VEX attestation on the next page could change the decision: never decide on part of the list
      throw new EvidenceLimitException(repo.repositoryName(), "referrers of " + subject + " span more than "
          + MAX_REFERRER_PAGES + " pages; refusing to decide on part of them");
    }
    return filter(out, artifactType);
  }

  /** Where a registry lacks the API: the index tagged {@code sha256-<hex>} lists the referrers. */
  private List<Descriptor> fallbackTag(Reference repo, Digest subject, String artifactType) throws VerdictException {
    Optional<FetchedManifest> tagged = manifest(repo, subject.tagPrefix());
    if (tagged.isEmpty()) {
      return List.of();
    }
    return filter(Manifests.parseIndex(tagged.get()).manifests(), artifactType);
  }

  static List<Descriptor> filter(List<Descriptor> all, String artifactType) {
    return artifactType == null ? List.copyOf(all)
        : all.stream().filter(d -> artifactType.equals(d.artifactType())).toList();
  }

  @Override
  public void close() {
    // java.net.http's client threads are daemons and Java 17's client has no close(); nothing to release.
  }

  private FetchedManifest checkedManifest(Reference repo, Transport.Response r, Digest asked, String what)
      throws UndecidableException {
    String ref = repo.repositoryName();
    if (r.status() != 200) {
      throw RegistryErrors.status(ref, repo.registry(), r, what);
    }
    if (r.truncated()) {
      throw RegistryErrors.tooLarge(ref, what, MANIFEST_CAP);
    }
    if (asked != null) {
      VerifiedContent.check(r.body(), asked, VerifiedContent.ANY_SIZE, RegistryErrors.content(ref), what);
    }
    Digest computed = asked != null ? asked : Digest.sha256(r.body());
    checkDigestHeader(repo, r, computed);
    String contentType = r.header("Content-Type").map(v -> v.split(";", 2)[0].trim()).orElse(null);
    return new FetchedManifest(computed, Manifests.mediaTypeOf(r.body(), contentType), r.body());
  }

  /** The header never replaces our digest; a header that disagrees with the bytes means the registry lies. */
  private static void checkDigestHeader(Reference repo, Transport.Response r, Digest computed)
      throws UndecidableException {
    Optional<String> header = r.header("Docker-Content-Digest");
    if (header.isEmpty() || header.get().isBlank()) {
      return;
    }
    Digest claimed;
    try {
      claimed = Digest.parse(header.get().trim());
    } catch (IllegalArgumentException e) {
      throw new UndecidableException(repo.repositoryName(), "registry sent an invalid Docker-Content-Digest header");
    }
    if (claimed.algorithm().equals(computed.algorithm()) ? !claimed.equals(computed) : !claimed.matches(r.body())) {
      throw RegistryErrors.mismatch(repo.repositoryName(), claimed);
    }
  }

  private Transport.Response get(Reference repo, String suffix, String accept, long cap, String what)
      throws VerdictException {
    if (repo.isLayout()) {
      throw new IllegalArgumentException("registry source asked for layout reference " + repo);
    }
    String ref = repo.repositoryName();
    String scope = "repository:" + repo.repository() + ":pull";
    URI uri = suffix.startsWith("http") ? URI.create(suffix)
        : URI.create(transport.base(repo.registry()) + "/v2/" + repo.repository() + suffix);
    Map<String, String> headers = Map.of("Accept", accept);
    try {
      Transport.Response r = transport.send(new Transport.Call(repo.registry(), "GET", uri, headers,
          auth.cached(repo.registry(), scope)), cap);
      if (r.status() == 401) {
        String challenge = r.header("WWW-Authenticate").orElse(null);
        String header = auth.authorize(ref, repo.registry(), scope, challenge);
        r = transport.send(new Transport.Call(repo.registry(), "GET", uri, headers, header), cap);
      }
      if (r.status() == 401 || r.status() == 403) {
        throw RegistryErrors.authFailed(ref, repo.registry());
      }
      return r;
    } catch (IOException e) {
      throw RegistryErrors.network(ref, repo.registry(), e);
    } catch (InterruptedException e) {
      throw RegistryErrors.interrupted(ref, e);
    }
  }

  /** The {@code Link: <...>; rel="next"} page of a referrers listing, kept on the same registry. */
  private String nextPage(Reference repo, Transport.Response r) {
    Optional<String> link = r.header("Link");
    if (link.isEmpty() || !link.get().contains("rel=\"next\"")) {
      return null;
    }
    String v = link.get();
    int lt = v.indexOf('<');
    int gt = v.indexOf('>', lt + 1);
    if (lt < 0 || gt < 0) {
      return null;
    }
    URI next = r.uri().resolve(v.substring(lt + 1, gt));
    return next.getAuthority() != null && next.getAuthority().equals(r.uri().getAuthority()) ? next.toString() : null;
  }

  private static Digest parseDigest(Reference repo, String id) throws UndecidableException {
    try {
      return Digest.parse(id);
    } catch (IllegalArgumentException e) {
      throw new UndecidableException(repo.repositoryName(), e.getMessage());
    }
  }
}
