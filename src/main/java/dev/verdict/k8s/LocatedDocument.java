package dev.verdict.k8s;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One document of a manifest file as a JSON tree, with the 1-based line where each node starts, keyed by JSON
 * pointer. Lines are what let a finding point at the exact {@code image:} line.
 */
record LocatedDocument(int index, JsonNode root, Map<String, Integer> lines) {
  LocatedDocument {
    lines = Map.copyOf(lines);
  }

  /** Line of the node at {@code pointer}, or of its nearest present ancestor (a missing field), or 0. */
  int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 0;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }
}
