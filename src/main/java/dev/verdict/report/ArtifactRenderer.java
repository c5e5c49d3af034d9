package dev.verdict.report;

import dev.verdict.engine.ArtifactVerification;
import dev.verdict.result.Check;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The views of {@code verify-artifact}: every check, then the verdict, in text or JSON. */
public final class ArtifactRenderer {
  private ArtifactRenderer() {}

  public static void render(String format, ArtifactVerification.Result result, Writer writer) {
    PrintWriter out = new PrintWriter(writer);
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("verified", result.verified());
      doc.put("kind", result.kind());
      doc.put("error", result.error());
      doc.put("checks", result.checks().stream().map(c -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("status", c.status().label());
        m.put("message", c.message());
        m.put("expected", c.expected());
        m.put("found", c.found());
        return m;
      }).toList());
      out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      out.flush();
      return;
    }
    for (Check c : result.checks()) {
      out.printf("%-5s %-22s %s%n", c.status().label(), c.id(), c.message());
      if (c.expected() != null) {
        out.printf("      %-22s %s%n", "expected:", c.expected());
      }
      if (c.found() != null) {
        out.printf("      %-22s %s%n", "found:", c.found());
      }
    }
    out.println(result.verified() ? "Verified OK (" + result.kind() + ")" : "Verification FAILED: " + result.error());
    out.flush();
  }
}
