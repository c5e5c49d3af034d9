package dev.verdict.oci;

/** Media types of the OCI image spec, Docker's manifest v2, cosign and Sigstore. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String COSIGN_SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  public static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";
  public static final String SIGSTORE_BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
  /** The parameter spellings of bundles v0.1-v0.3: sigstore-js and {@code actions/attest} 1.x attach v0.2 this way. */
  public static final String SIGSTORE_BUNDLE_V01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";
  public static final String SIGSTORE_BUNDLE_V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
  public static final String SIGSTORE_BUNDLE_V03_PARAM = "application/vnd.dev.sigstore.bundle+json;version=0.3";

  private MediaTypes() {}

  /**
   * The minor version (1, 2 or 3) a Sigstore bundle media type names, or 0 when it is not one. Case and spaces
   * around the parameter are not significant (RFC 6838), so {@code ...bundle+json; version=0.2} is v0.2 too.
   */
  public static int sigstoreBundleVersion(String mediaType) {
    if (mediaType == null) {
      return 0;
    }
    String m = mediaType.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s*;\\s*", ";").strip();
    return switch (m) {
      case SIGSTORE_BUNDLE_V01 -> 1;
      case SIGSTORE_BUNDLE_V02 -> 2;
      case SIGSTORE_BUNDLE_V03, SIGSTORE_BUNDLE_V03_PARAM -> 3;
      default -> 0;
    };
  }

  public static boolean isSigstoreBundle(String mediaType) {
    return sigstoreBundleVersion(mediaType) != 0;
  }

  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
  }

  public static boolean isManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }
}
