package dev.verdict.oci;

import dev.verdict.UndecidableException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Parses image manifests and indexes, OCI and Docker media types alike
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">manifest</a>,
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">index</a>).
 */
public final class Manifests {
  private Manifests() {}

  /** Parses an image manifest; a malformed document or an index is rejected naming its digest. */
  public static ImageManifest parseManifest(FetchedManifest fetched) throws UndecidableException {
    try {
      JsonNode root = object(fetched);
      String mediaType = mediaType(root, fetched.mediaType());
      if (MediaTypes.isIndex(mediaType) || root.has("manifests")) {
        throw new IllegalArgumentException("is an index (" + mediaType + "), not an image manifest");
      }
      declared(root, MediaTypes::isManifest, "an image manifest");
      JsonNode config = root.get("config");
      if (config == null || !config.isObject()) {
        throw new IllegalArgumentException("config is missing");
      }
      return new ImageManifest(mediaType, Json.text(root, "artifactType"), descriptor(config, "config"),
          descriptors(root, "layers", false), root.hasNonNull("subject")
              ? descriptor(root.get("subject"), "subject") : null,
          Json.stringMap(root, "annotations"));
    } catch (IllegalArgumentException e) {
      throw malformed(fetched, "manifest", e);
    }
  }

  /**
   * What an image reference resolved to, digest-checked, is not an image: a definite answer about that content, not
   * a failure to reach it. {@code verify} denies it and {@code inspect} says so with exit 1; anywhere else it is
   * undecided like other malformed registry content.
   */
  public static final class NotAnImageException extends UndecidableException {
    NotAnImageException(UndecidableException malformed) {
      super(null, malformed.getMessage(), malformed.getCause());
    }
  }

  /**
   * Checks that what an image reference resolved to is a well-formed image manifest or index, as its media type
   * says: a digest of something else (not JSON, a schema-1 manifest, a manifest without config) names no image a
   * runtime could pull, so it is never judged as one.
   */
  public static void requireImage(FetchedManifest fetched) throws NotAnImageException {
    try {
      if (fetched.isIndex()) {
        parseIndex(fetched);
      } else {
        parseManifest(fetched);
      }
    } catch (NotAnImageException e) {
      throw e;
    } catch (UndecidableException e) {
      throw new NotAnImageException(e);
    }
  }

  /** Parses an image index or Docker manifest list, with each entry's platform. */
  public static ImageIndex parseIndex(FetchedManifest fetched) throws UndecidableException {
    try {
      JsonNode root = object(fetched);
      String mediaType = mediaType(root, fetched.mediaType());
      if (MediaTypes.isManifest(mediaType) || root.has("config")) {
        throw new IllegalArgumentException("is an image manifest (" + mediaType + "), not an index");
      }
      declared(root, MediaTypes::isIndex, "an index");
      if (!root.has("manifests")) {
        throw new IllegalArgumentException("manifests is missing");
      }
      return new ImageIndex(mediaType, descriptors(root, "manifests", true), Json.stringMap(root, "annotations"));
    } catch (IllegalArgumentException e) {
      throw malformed(fetched, "index", e);
    }
  }

  /** The document's own {@code mediaType}, or {@code fallback} (the response's Content-Type) when it has none. */
  static String mediaTypeOf(byte[] bytes, String fallback) {
    try {
      JsonNode root = Json.tree(bytes);
      return root.isObject() ? mediaType(root, fallback) : fallback;
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  static Descriptor descriptor(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    try {
      JsonNode size = node.get("size");
      if (size == null || !size.isNumber() || !size.canConvertToExactIntegral() || !size.canConvertToLong()) {
        throw new IllegalArgumentException("size must be an integer (64-bit)");
      }
      Platform platform = null;
      JsonNode p = node.get("platform");
      if (p != null && !p.isNull()) {
        platform = new Platform(Json.requiredText(p, "os"), Json.requiredText(p, "architecture"),
            Json.text(p, "variant"));
      }
      return new Descriptor(Json.requiredText(node, "mediaType"), Digest.parse(Json.requiredText(node, "digest")),
          size.asLong(), Json.stringMap(node, "annotations"), Json.text(node, "artifactType"), platform);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static List<Descriptor> descriptors(JsonNode root, String field, boolean required) {
    JsonNode array = root.get(field);
    if (array == null || array.isNull()) {
      if (required) {
        throw new IllegalArgumentException(field + " is missing");
      }
      return List.of();
    }
    if (!array.isArray()) {
      throw new IllegalArgumentException(field + " must be an array");
    }
    List<Descriptor> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(descriptor(array.get(i), field + "[" + i + "]"));
    }
    return out;
  }

  private static JsonNode object(FetchedManifest fetched) {
    JsonNode root = Json.tree(fetched.bytes());
    if (!root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode version = root.get("schemaVersion");
    if (version != null && !(version.isIntegralNumber() && version.canConvertToInt() && version.asInt() == 2)) {
      throw new IllegalArgumentException("schemaVersion must be 2, found " + version);
    }
    return root;
  }

  /** A media type the document declares itself must be one of the kind being read ({@code text/plain} is not). */
  private static void declared(JsonNode root, Predicate<String> kind, String what) {
    String own = Json.text(root, "mediaType");
    if (own != null && !kind.test(own)) {
      throw new IllegalArgumentException("mediaType '" + own + "' is not " + what + " media type");
    }
  }

  private static String mediaType(JsonNode root, String fallback) {
    String own = Json.text(root, "mediaType");
    return own != null ? own : fallback;
  }

  private static UndecidableException malformed(FetchedManifest fetched, String what, Exception e) {
    return new UndecidableException(fetched.digest().toString(), "malformed " + what + ": " + e.getMessage(), e);
  }
}
