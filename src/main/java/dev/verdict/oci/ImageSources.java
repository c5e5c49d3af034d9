package dev.verdict.oci;

import dev.verdict.VerdictException;
import java.nio.file.Path;

/**
 * The package's entry point: opens an {@link ImageSource} over registries or over an OCI image layout. One registry
 * source serves any number of registries and repositories and is safe to share between threads (one HTTP client,
 * one connection pool, tokens cached per registry and scope).
 */
public final class ImageSources {
  private ImageSources() {}

  /** A layout source for {@code oci:} references, else a registry source with {@code opts}. */
  public static ImageSource open(Reference ref, RegistryOptions opts) {
    return ref.isLayout() ? layout(ref.layout()) : registry(opts);
  }

  /** A thread-safe client for the distribution API, for any registry. */
  public static ImageSource registry(RegistryOptions opts) {
    return new RegistryClient(opts);
  }

  /**
   * A reader of the OCI image layout at {@code dir}, including layouts written by {@code cosign save}. The
   * {@code repo} argument of its methods is ignored; a {@code null} tag asks for the layout's only image.
   */
  public static ImageSource layout(Path dir) {
    return new LayoutSource(dir);
  }

  /**
   * The descriptor {@code oci:PATH} without tag or digest stands for: the layout's only image (cosign signature and
   * attestation entries do not count); a {@link dev.verdict.UsageException} listing the tags when there are several.
   */
  public static Descriptor defaultImage(Path dir) throws VerdictException {
    return new LayoutSource(dir).index().defaultImage();
  }
}
