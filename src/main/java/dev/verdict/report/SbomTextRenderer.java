package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Report;
import dev.verdict.result.Status;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code sbom check}'s compact text view: {@code PASS|FAIL file}, then one line per violation
 * ({@code rule component: message}) and per VEX statement applied.
 */
public final class SbomTextRenderer implements Renderer {
  @Override
  public void render(Report report, Writer w) throws IOException {
    for (ImageResult r : report.results()) {
      w.write((r.decision() == Decision.ALLOW ? "PASS " : "FAIL ") + r.reference() + "\n");
      for (Check c : r.checks()) {
        if (c.status() == Status.FAIL) {
          w.write("  " + c.id().substring("sbom.".length()) + (c.subject() == null ? "" : " " + c.subject())
              + ": " + c.message() + "\n");
        } else if (c.id().equals("sbom.vex")) {
          w.write("  vex: " + c.message() + "\n");
        }
      }
    }
    w.flush();
  }
}
