package dev.verdict.oci;

/**
 * Manifest bytes as fetched, with the digest computed over exactly those bytes (never taken from a registry header)
 * and the media type from the document itself or, failing that, the response.
 */
public record FetchedManifest(Digest digest, String mediaType, byte[] bytes) {
  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  public Descriptor descriptor() {
    return Descriptor.of(mediaType, digest, bytes.length);
  }
}
