package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Report;


import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * The versioned, stable JSON view of the report ({@code apiVersion: verdict.dev/report/v1}): per image the reference,
 * digest, matched policies, decision and every check with expected, found and evidence. Fields are only added.
 */
public final class JsonRenderer implements Renderer {
  @Override
  public void render(Report report, Writer out) throws IOException {
    // the writer is the caller's (often standard output): write into it, never close it
    JsonFactory factory = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    try (JsonGenerator g = factory.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeStartObject();
      g.writeStringProperty("apiVersion", report.apiVersion());
      g.writeStringProperty("tool", "verdict " + report.toolVersion());
      g.writeName("summary");
      g.writeStartObject();
      for (Decision d : Decision.values()) {
        g.writeNumberProperty(d.label(), report.results().stream().filter(r -> r.decision() == d).count());
      }
      g.writeEndObject();
      g.writeName("images");
      g.writeStartArray();
      for (ImageResult r : report.results()) {
        image(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void image(JsonGenerator g, ImageResult r) {
    g.writeStartObject();
    g.writeStringProperty("reference", r.reference());
    g.writeStringProperty("digest", r.digest());
    if (r.platform() != null) {
      g.writeStringProperty("platform", r.platform());
      g.writeStringProperty("platformDigest", r.platformDigest());
    }
    g.writeStringProperty("decision", r.decision().label());
    if (r.notAfter() != null) {
      g.writeStringProperty("notAfter", r.notAfter().toString());
    }
    g.writeName("policies");
    g.writeStartArray();
    for (int i = 0; i < r.matchedPolicies().size(); i++) {
      g.writeStartObject();
      g.writeStringProperty("name", r.matchedPolicies().get(i));
      g.writeStringProperty("file", r.policyFiles().get(i));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeName("origins");
    g.writeStartArray();
    for (Origin o : r.origins()) {
      g.writeStartObject();
      if (o.isCommandLine()) {
        g.writeStringProperty("source", "command-line");
      } else {
        g.writeStringProperty("file", o.file());
        g.writeNumberProperty("line", o.line());
        g.writeNumberProperty("document", o.document());
        g.writeStringProperty("path", o.path());
        if (o.pointer() != null) {
          g.writeStringProperty("pointer", o.pointer());
        }
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeName("checks");
    g.writeStartArray();
    for (Check c : r.checks()) {
      g.writeStartObject();
      g.writeStringProperty("id", c.id());
      if (c.subject() != null) {
        g.writeStringProperty("subject", c.subject());
      }
      g.writeStringProperty("status", c.status().label());
      g.writeStringProperty("message", c.message());
      g.writeStringProperty("expected", c.expected());
      g.writeStringProperty("found", c.found());
      g.writeName("evidence");
      g.writeStartObject();
      for (Map.Entry<String, String> e : c.evidence().entrySet()) {
        g.writeStringProperty(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
