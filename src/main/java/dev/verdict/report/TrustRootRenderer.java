package dev.verdict.report;

import dev.verdict.engine.TrustStore;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** {@code trust show}'s views: each section of a trusted root with its items' validity windows, in text or JSON. */
public final class TrustRootRenderer {
  private TrustRootRenderer() {}

  public static void render(String format, TrustStore.Shown shown, PrintWriter out) {
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("source", shown.source());
      doc.putAll(shown.sections());
      out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      out.flush();
      return;
    }
    out.println("Trusted root: " + shown.source());
    Map<String, String> titles = Map.of("certificateAuthorities", "Certificate authorities (Fulcio)",
        "tlogs", "Transparency logs (Rekor)", "ctlogs", "Certificate transparency logs",
        "timestampAuthorities", "Timestamp authorities");
    shown.sections().forEach((key, items) -> {
      out.println();
      out.println(titles.get(key) + ": " + items.size());
      for (Map<String, Object> item : items) {
        out.println("  " + item.get("name"));
        out.println("    valid:   " + item.get("validFrom") + " .. " + item.get("validUntil"));
        item.forEach((k, v) -> {
          if (!List.of("name", "validFrom", "validUntil").contains(k)) {
            out.printf("    %-8s %s%n", k + ":", v);
          }
        });
      }
    });
    out.flush();
  }
}
