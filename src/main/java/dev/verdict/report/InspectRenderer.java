package dev.verdict.report;

import dev.verdict.Json;
import dev.verdict.discovery.Inventory;
import dev.verdict.engine.Inspection;
import dev.verdict.oci.Descriptor;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The views of {@code inspect}: what is attached to an image, in text or JSON, each saying nothing is verified. */
public final class InspectRenderer {
  public static final String NOTICE = "Nothing above is verified: signer names are claims read from certificates; "
      + "use 'verdict verify' to check them.";

  private InspectRenderer() {}

  /** Writes {@code found} (an inspection that found an image) as {@code json} or text. */
  public static void render(String format, Inspection found, Writer out) throws IOException {
    out.write(format.equals("json") ? json(found) : text(found));
  }

  static String text(Inspection found) {
    Inventory inv = found.inventory();
    StringBuilder sb = new StringBuilder();
    sb.append(inv.reference()).append('\n');
    sb.append("  digest:     ").append(inv.digest()).append('\n');
    sb.append("  media type: ").append(inv.mediaType()).append('\n');
    for (Descriptor p : inv.platforms()) {
      sb.append("  platform:   ").append(p.platform() == null ? "(none)" : p.platform()).append(' ')
          .append(p.digest()).append('\n');
    }
    if (inv.items().isEmpty()) {
      sb.append("  nothing attached (no .sig, .att or .sbom tag, no referrers)\n");
    }
    for (Inventory.Item item : inv.items()) {
      sb.append("  ").append(item.kind()).append(": ").append(item.source()).append('\n');
      for (Map.Entry<String, String> e : new TreeMap<>(item.details()).entrySet()) {
        sb.append("      ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      }
    }
    return sb.append(NOTICE).append('\n').toString();
  }

  static String json(Inspection found) {
    Inventory inv = found.inventory();
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("apiVersion", "verdict.dev/inspect/v1");
    root.put("verified", false);
    root.put("notice", NOTICE);
    root.put("reference", inv.reference());
    root.put("digest", inv.digest().toString());
    root.put("mediaType", inv.mediaType());
    ArrayNode platforms = root.putArray("platforms");
    for (Descriptor p : inv.platforms()) {
      platforms.addObject().put("platform", p.platform() == null ? null : p.platform().toString())
          .put("digest", p.digest().toString());
    }
    ArrayNode items = root.putArray("attached");
    for (Inventory.Item item : inv.items()) {
      ObjectNode o = items.addObject().put("kind", item.kind()).put("source", item.source());
      ObjectNode d = o.putObject("details");
      new TreeMap<>(item.details()).forEach(d::put);
    }
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }
}
