package dev.verdict.report;

import dev.verdict.result.ImageResult;
import dev.verdict.result.Report;


import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML (the Surefire/Jenkins dialect) for CI test reports: a test suite per matched policy, a test case per image
 * and check; FAIL is a {@code failure}, ERROR an {@code error}, SKIP {@code skipped}. An image matched by several
 * policies goes to one suite named after all of them, so every check is counted once.
 *
 * @see <a href="https://github.com/jenkinsci/xunit-plugin/blob/master/src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd">junit-10.xsd</a>
 */
public final class JunitRenderer implements Renderer {
  static final String NO_POLICY = "no-policy";

  @Override
  public void render(Report report, Writer writer) throws IOException {
    Map<String, List<ImageResult>> suites = new LinkedHashMap<>();
    for (ImageResult r : report.results()) {
      String suite = r.matchedPolicies().isEmpty() ? NO_POLICY : String.join(", ", r.matchedPolicies());
      suites.computeIfAbsent(suite, k -> new ArrayList<>()).add(r);
    }
    List<JunitXml.Suite> list = new ArrayList<>();
    for (Map.Entry<String, List<ImageResult>> suite : suites.entrySet()) {
      String file = suite.getValue().stream().map(Findings::firstPolicyFile).filter(f -> f != null).findFirst()
          .orElse(null);
      list.add(new JunitXml.Suite(suite.getKey(), null, file, JunitCases.of(suite.getValue())));
    }
    JunitXml.write(writer, "verdict " + report.toolVersion(), null, list);
  }
}
