package dev.verdict.oci;

import dev.verdict.UsageException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The entries of a layout's {@code index.json}, looked up by tag ({@code org.opencontainers.image.ref.name}), by
 * digest, or by cosign's {@code kind} annotations (as {@code cosign save} writes them: {@code
 * dev.cosignproject.cosign/image}, {@code /imageIndex}, {@code /sigs}, {@code /atts}).
 */
record LayoutIndex(String name, List<Descriptor> entries) {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final String KIND = "kind";
  static final String KIND_IMAGE = "dev.cosignproject.cosign/image";
  static final String KIND_IMAGE_INDEX = "dev.cosignproject.cosign/imageIndex";
  static final String KIND_SIGS = "dev.cosignproject.cosign/sigs";
  static final String KIND_ATTS = "dev.cosignproject.cosign/atts";
  private static final Pattern ATTACHMENT_TAG = Pattern.compile("(sha256|sha512)-([0-9a-f]+)(\\.[a-z]+)?");

  LayoutIndex {
    entries = List.copyOf(entries);
  }

  Optional<Descriptor> byDigest(Digest d) {
    return entries.stream().filter(e -> e.digest().equals(d)).findFirst();
  }

  /** The entry tagged {@code tag}, else the cosign-save entry a {@code sha256-<hex>.sig}/{@code .att} tag means. */
  Optional<Descriptor> byTag(String tag) {
    Optional<Descriptor> tagged = entries.stream().filter(e -> tag.equals(e.annotation(REF_NAME))).findFirst();
    return tagged.isPresent() ? tagged : cosignAttachment(tag);
  }

  private Optional<Descriptor> cosignAttachment(String tag) {
    var m = ATTACHMENT_TAG.matcher(tag);
    if (!m.matches() || m.group(3) == null) {
      return Optional.empty();
    }
    String kind = switch (m.group(3)) {
      case ".sig" -> KIND_SIGS;
      case ".att" -> KIND_ATTS;
      default -> null;
    };
    Digest subject;
    try {
      subject = new Digest(m.group(1), m.group(2));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // cosign save writes one signed image per layout: its attachments belong to that image's digest only.
    boolean signedImageMatches = entries.stream().anyMatch(e -> e.digest().equals(subject)
        && (KIND_IMAGE.equals(e.annotation(KIND)) || KIND_IMAGE_INDEX.equals(e.annotation(KIND))));
    if (kind == null || !signedImageMatches) {
      return Optional.empty();
    }
    return entries.stream().filter(e -> kind.equals(e.annotation(KIND))).findFirst();
  }

  /** The only image of the layout, ignoring signature/attestation entries and attachment tags. */
  Descriptor defaultImage() throws UsageException {
    List<Descriptor> images = entries.stream().filter(LayoutIndex::isImage).toList();
    if (images.size() == 1) {
      return images.get(0);
    }
    if (images.isEmpty()) {
      throw new UsageException(name + ": the layout holds no image");
    }
    String names = images.stream().map(e -> e.annotation(REF_NAME) != null ? e.annotation(REF_NAME)
        : "@" + e.digest()).collect(Collectors.joining(", "));
    throw new UsageException(name + " holds " + images.size() + " images; name one as " + name + ":TAG or "
        + name + "@sha256:HEX (found: " + names + ")");
  }

  private static boolean isImage(Descriptor e) {
    if (e.artifactType() != null) {
      return false; // an artifact (signature bundle, SBOM...) stored beside the image, not an image
    }
    String kind = e.annotation(KIND);
    if (KIND_SIGS.equals(kind) || KIND_ATTS.equals(kind)) {
      return false;
    }
    String ref = e.annotation(REF_NAME);
    return ref == null || !ATTACHMENT_TAG.matcher(ref).matches();
  }
}
