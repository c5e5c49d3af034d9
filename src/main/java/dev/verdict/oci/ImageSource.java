package dev.verdict.oci;

import dev.verdict.VerdictException;
import java.util.List;
import java.util.Optional;

/**
 * Where manifests and blobs come from: a registry (distribution API) or an OCI image layout on disk. Discovery and
 * verification never know which. Every read is size-capped and digest-checked; registry errors surface as
 * {@link dev.verdict.UndecidableException}.
 */
public interface ImageSource extends AutoCloseable {
  /**
   * Fetches a manifest or index of {@code repo}'s repository by tag or digest ({@code repo}'s own tag and digest are
   * ignored). Empty when it does not exist (404, or not in the layout). When asked by digest the bytes must hash to
   * it.
   */
  Optional<FetchedManifest> manifest(Reference repo, String tagOrDigest) throws VerdictException;

  /** Fetches a blob of {@code repo}'s repository; size-capped at the descriptor's size and digest-checked. */
  byte[] blob(Reference repo, Descriptor descriptor) throws VerdictException;

  /**
   * Manifests whose {@code subject} is {@code subject}: the OCI 1.1 referrers API, or the {@code sha256-<hex>}
   * fallback tag where the registry has no such API. {@code artifactType} filters when non-null.
   */
  List<Descriptor> referrers(Reference repo, Digest subject, String artifactType) throws VerdictException;

  /**
   * The name an image declares for itself where the source stores one (an OCI layout's index annotation
   * {@code io.containerd.image.name}); empty for registries, where the reference itself is the name.
   */
  default Optional<String> declaredName(Reference ref) throws VerdictException {
    return Optional.empty();
  }

  @Override
  void close();
}
