package dev.verdict.report;

import dev.verdict.result.Report;


import java.io.IOException;
import java.io.Writer;

/** A view of a {@link Report}: text, json, sarif, junit, markdown, github. */
public interface Renderer {
  void render(Report report, Writer out) throws IOException;
}
