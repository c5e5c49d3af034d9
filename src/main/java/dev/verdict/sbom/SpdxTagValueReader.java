package dev.verdict.sbom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads SPDX 2.2/2.3 tag-value documents (https://spdx.github.io/spdx-spec/v2.3/conformance/): {@code Tag: value}
 * lines, {@code <text>} blocks, packages starting at {@code PackageName} and ending at the next package or file.
 */
final class SpdxTagValueReader {
  private SpdxTagValueReader() {}

  /** The first character of {@code line} that is a control character other than tab, or -1. */
  private static int controlCharacter(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7f) {
        return c;
      }
    }
    return -1;
  }

  static SbomDocument read(String text, String source) {
    String spec = null;
    String docName = null;
    String created = null;
    List<String> authors = new ArrayList<>();
    List<String> tools = new ArrayList<>();
    List<Component> components = new ArrayList<>();
    Map<String, String> pkg = null;
    Map<String, String> hashes = null;
    int relationships = 0;
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int control = controlCharacter(lines[n]);
      if (control >= 0) {
        // NUL padding, a binary file behind a text header: not a document whose end can be trusted
        throw new SbomFormatException(source + ":" + (n + 1), null, String.format(
            "control character U+%04X in a tag-value document (not a text file)", control));
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new SbomFormatException(source + ":" + (n + 1), null, "expected 'Tag: value', found '"
            + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'");
      }
      String tag = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (value.startsWith("<text>")) {
        StringBuilder sb = new StringBuilder(value.substring(6));
        while (sb.indexOf("</text>") < 0 && ++n < lines.length) {
          sb.append('\n').append(lines[n]);
        }
        int end = sb.indexOf("</text>");
        if (end < 0) {
          throw new SbomFormatException(source + ":" + (n + 1), tag, "<text> is never closed");
        }
        value = sb.substring(0, end);
      }
      switch (tag) {
        case "SPDXVersion" -> spec = value;
        case "DocumentName" -> docName = value;
        case "Created" -> created = value;
        case "Creator" -> Spdx2Reader.creator(value, authors, tools);
        case "Relationship" -> relationships++;
        case "PackageName" -> {
          finish(pkg, hashes, components, source);
          pkg = new LinkedHashMap<>();
          hashes = new LinkedHashMap<>();
          pkg.put(tag, value);
        }
        case "FileName", "SnippetSPDXID", "LicenseID" -> {
          finish(pkg, hashes, components, source);
          pkg = null;
        }
        case "PackageChecksum" -> {
          if (pkg != null) {
            int c = value.indexOf(':');
            hashes.put(value.substring(0, Math.max(c, 0)).strip(), value.substring(c + 1).strip());
          }
        }
        case "ExternalRef" -> {
          String[] parts = value.split("\\s+");
          if (pkg != null && parts.length >= 3) {
            if (parts[1].equals("purl")) {
              // every purl is checked, one per line: the first one is not the package's only identity
              pkg.merge("purl", parts[2], (a, b) -> List.of(a.split("\n")).contains(b) ? a : a + "\n" + b);
            } else {
              pkg.putIfAbsent(parts[1].startsWith("cpe") ? "cpe" : parts[1], parts[2]);
            }
          }
        }
        default -> {
          if (pkg != null) {
            String before = pkg.putIfAbsent(tag, value);
            if (before != null && !before.equals(value) && SINGLE.contains(tag)) {
              // which of two values counts would depend on the reader: malformed, as a duplicate JSON key is
              throw new SbomFormatException(source + ":" + (n + 1), tag, "appears twice in package "
                  + pkg.get("PackageName") + " with different values");
            }
          }
        }
      }
    }
    finish(pkg, hashes, components, source);
    if (spec == null || !Spdx2Reader.VERSIONS.contains(spec)) {
      throw new SbomFormatException(source, "SPDXVersion", "unsupported SPDX version " + spec);
    }
    return new SbomDocument("SPDX", spec, docName, Json.instant(created, source, "Created"), authors, tools,
        components, relationships, source);
  }

  private static void finish(Map<String, String> p, Map<String, String> hashes, List<Component> out, String source) {
    if (p == null) {
      return;
    }
    String at = "PackageName " + p.get("PackageName");
    List<String> purls = p.get("purl") == null ? List.of() : List.of(p.get("purl").split("\n"));
    out.add(new Component(p.get("PackageName"), Spdx2Reader.noAssertion(p.get("PackageVersion")),
        purls.isEmpty() ? null : purls.get(0),
        Spdx2Reader.license(p.get("PackageLicenseConcluded"), p.get("PackageLicenseDeclared"), source, at), hashes,
        Spdx2Reader.party(p.get("PackageSupplier")), p.get("SPDXID"), p.get("cpe"),
        purls.isEmpty() ? List.of() : purls.subList(1, purls.size())));
  }

  /** Package tags that hold one value: a second, different one is malformed, never silently ignored. */
  private static final java.util.Set<String> SINGLE = java.util.Set.of("SPDXID", "PackageVersion",
      "PackageSupplier", "PackageLicenseConcluded", "PackageLicenseDeclared");
}
