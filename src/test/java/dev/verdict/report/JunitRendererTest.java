package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.Decision;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Status;
import dev.verdict.result.Report;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import dev.verdict.testing.Schemas;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

class JunitRendererTest {
  static void validate(String xml) throws Exception {
    Schemas.validateJunit(xml);
  }

  static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  static String render(Report report) {
    return SampleReports.render(new JunitRenderer(), report);
  }

  @Test
  void render_sampleReport_matchesGolden() throws Exception {
    String actual = render(SampleReports.sample());
    assertEquals(SampleReports.golden("report.junit.xml", actual), actual);
  }

  @Test
  void render_sampleReport_validatesAgainstJunitXsd() throws Exception {
    validate(render(SampleReports.sample()));
  }

  @Test
  void validate_suiteWithoutCounts_isRejectedByXsd() {
    String broken = render(SampleReports.sample()).replaceFirst("<testsuite name=\"production\" tests=\"[0-9]+\"",
        "<testsuite name=\"production\"");
    assertThrows(SAXException.class, () -> validate(broken), "the XSD check must be able to fail");
  }

  @Test
  void render_sampleReport_oneSuitePerPolicySetWithCounts() throws Exception {
    NodeList suites = parse(render(SampleReports.sample())).getElementsByTagName("testsuite");
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < suites.getLength(); i++) {
      Element s = (Element) suites.item(i);
      seen.add(s.getAttribute("name") + " tests=" + s.getAttribute("tests") + " failures="
          + s.getAttribute("failures") + " errors=" + s.getAttribute("errors") + " skipped="
          + s.getAttribute("skipped"));
    }
    assertEquals(List.of("production tests=7 failures=2 errors=0 skipped=1",
        "baseline tests=1 failures=0 errors=1 skipped=0",
        "production, baseline tests=1 failures=0 errors=0 skipped=0",
        "no-policy tests=1 failures=1 errors=0 skipped=0"), seen);
  }

  @Test
  void render_failedCheck_failureCarriesExpectedAndFoundInSystemOut() throws Exception {
    Document doc = parse(render(SampleReports.sample()));
    Element testcase = (Element) doc.getElementsByTagName("testcase").item(3);
    assertEquals("ghcr.io/acme/legacy:0.9", testcase.getAttribute("classname"));
    assertEquals("signature.key (release-key)", testcase.getAttribute("name"));
    Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
    assertEquals("fail", failure.getAttribute("type"));
    String out = testcase.getElementsByTagName("system-out").item(0).getTextContent();
    assertTrue(out.contains("expected: a signature by release-key\nfound: 2 signatures, none by release-key\n"), out);
  }

  @Test
  void render_specialCharacters_roundTripThroughXml() throws Exception {
    Document doc = parse(render(SampleReports.sample()));
    Element sbom = (Element) doc.getElementsByTagName("testcase").item(5);
    String out = sbom.getElementsByTagName("system-out").item(0).getTextContent();
    assertTrue(out.contains("message: denied license <AGPL-3.0-only> & GPL | 100% bad,\nsecond line"), out);
    assertTrue(out.contains("found: a|b <c> & 5%"), out);
  }

  @Test
  void render_controlCharactersAndLoneSurrogates_stayWellFormed() throws Exception {
    ImageResult image = new ImageResult("x:1", null, null, null, List.of("p"), List.of(), Decision.DENY,
        List.of(Check.of("signature.key", null, Status.FAIL, "bad \u0000\u001b[31m \ud800 end\nnext", null, null)),
        List.of());
    String xml = render(Report.of("1", List.of(image)));
    validate(xml);
    Element failure = (Element) parse(xml).getElementsByTagName("failure").item(0);
    assertEquals("bad \ufffd\ufffd[31m \ufffd end next", failure.getAttribute("message"));
    assertEquals("bad \ufffd\ufffd[31m \ufffd end\nnext", failure.getTextContent());
  }

  @Test
  void render_imageWithoutChecks_stillReportsItsDecision() throws Exception {
    ImageResult image = new ImageResult("x:1", null, null, null, List.of(), List.of(), Decision.ERROR, List.of(),
        List.of());
    Document doc = parse(render(Report.of("1", List.of(image))));
    assertEquals(1, doc.getElementsByTagName("error").getLength());
    assertEquals("decision", ((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("name"));
  }
}
