package dev.verdict.sbom;

import dev.verdict.ConfigException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads an SBOM, detecting its format from content: CycloneDX JSON ({@code bomFormat}), SPDX 2 JSON
 * ({@code spdxVersion}), SPDX 3 JSON-LD ({@code @context} naming spdx.org) or SPDX 2 tag-value ({@code SPDXVersion:}).
 */
public final class SbomParser {
  /** {@link dev.verdict.Json#mapper()}: an SBOM, VEX or scan with a key twice reads differently in each tool. */
  static final ObjectMapper MAPPER = dev.verdict.Json.mapper();

  private SbomParser() {}

  /** Parses bytes read from {@code sourceName} (a file or an attestation, named in errors). */
  public static SbomDocument parse(byte[] content, String sourceName) throws ConfigException {
    // skip a UTF-8 byte order mark and leading whitespace to find the first significant byte
    int first = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
        && (content[2] & 0xff) == 0xBF ? 3 : 0;
    while (first < content.length && Character.isWhitespace(content[first])) {
      first++;
    }
    if (first >= content.length || content[first] != '{') {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString()
            .replaceFirst("^\uFEFF", "").stripLeading();
      } catch (CharacterCodingException e) {
        throw new ConfigException(sourceName, 0, 0, null, "not an SBOM: not UTF-8 text (nor JSON)");
      }
      if (text.startsWith("SPDXVersion:") || text.matches("(?s)^(#[^\\n]*\\n\\s*)*SPDXVersion:.*")) {
        try {
          return SpdxTagValueReader.read(text, sourceName);
        } catch (SbomFormatException e) {
          throw e.toConfigException(sourceName);
        }
      }
      throw new ConfigException(sourceName, 0, 0, null,
          "not an SBOM: expected CycloneDX or SPDX JSON, or SPDX tag-value");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(first == 0 ? content : java.util.Arrays.copyOfRange(content, first, content.length));
    } catch (JacksonException e) {
      throw new ConfigException(sourceName, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), null, "invalid JSON: " + e.getOriginalMessage(),
          e);
    }
    return parse(tree, sourceName);
  }

  /** Parses an SBOM already read as JSON (an attestation's predicate). */
  public static SbomDocument parse(JsonNode tree, String sourceName) throws ConfigException {
    try {
      if (tree == null || !tree.isObject()) {
        throw new SbomFormatException(sourceName, null, "not an SBOM: expected a JSON object");
      }
      if (tree.has("bomFormat")) {
        if (!"CycloneDX".equals(Json.text(tree, "bomFormat"))) {
          throw new SbomFormatException(sourceName, "bomFormat", "expected CycloneDX, found "
              + Json.text(tree, "bomFormat"));
        }
        return CycloneDxReader.read(tree, sourceName);
      }
      if (tree.has("spdxVersion")) {
        return Spdx2Reader.read(tree, sourceName);
      }
      if (tree.has("@context") && tree.path("@context").toString().contains("spdx.org")) {
        return Spdx3Reader.read(tree, sourceName);
      }
      throw new SbomFormatException(sourceName, null,
          "not an SBOM: no bomFormat (CycloneDX), spdxVersion (SPDX 2) or SPDX @context (SPDX 3)");
    } catch (SbomFormatException e) {
      throw e.toConfigException(sourceName);
    }
  }
}
