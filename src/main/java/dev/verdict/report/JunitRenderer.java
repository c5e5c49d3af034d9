package dev.verdict.report;

import dev.verdict.result.ImageResult;
import dev.verdict.result.Report;


import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

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
  public void render(Report report, Writer out) throws IOException {
    Map<String, List<ImageResult>> suites = new LinkedHashMap<>();
    for (ImageResult r : report.results()) {
      String suite = r.matchedPolicies().isEmpty() ? NO_POLICY : String.join(", ", r.matchedPolicies());
      suites.computeIfAbsent(suite, k -> new ArrayList<>()).add(r);
    }
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "verdict " + report.toolVersion());
      writeCounts(xml, JunitCases.of(report.results()), false);
      for (Map.Entry<String, List<ImageResult>> suite : suites.entrySet()) {
        writeSuite(xml, suite.getKey(), suite.getValue());
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.flush();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  private static void writeSuite(XMLStreamWriter xml, String name, List<ImageResult> images)
      throws XMLStreamException {
    List<JunitCases.Case> cases = JunitCases.of(images);
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", XmlText.clean(name));
    writeCounts(xml, cases, true);
    String file = images.stream().map(Findings::firstPolicyFile).filter(f -> f != null).findFirst().orElse(null);
    if (file != null) {
      xml.writeAttribute("file", XmlText.clean(file));
    }
    for (JunitCases.Case c : cases) {
      writeCase(xml, c);
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  /** The XSD allows {@code skipped} on a testsuite, not on testsuites. */
  private static void writeCounts(XMLStreamWriter xml, List<JunitCases.Case> cases, boolean withSkipped)
      throws XMLStreamException {
    xml.writeAttribute("tests", Integer.toString(cases.size()));
    xml.writeAttribute("failures", Long.toString(cases.stream().filter(c -> "failure".equals(c.outcome())).count()));
    xml.writeAttribute("errors", Long.toString(cases.stream().filter(c -> "error".equals(c.outcome())).count()));
    if (withSkipped) {
      xml.writeAttribute("skipped", Long.toString(cases.stream().filter(c -> "skipped".equals(c.outcome())).count()));
    }
  }

  private static void writeCase(XMLStreamWriter xml, JunitCases.Case c) throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", XmlText.clean(c.classname()));
    xml.writeAttribute("name", XmlText.clean(c.name()));
    if (c.outcome() != null) {
      xml.writeCharacters("\n      ");
      xml.writeStartElement(c.outcome());
      xml.writeAttribute("type", c.type());
      xml.writeAttribute("message", XmlText.attribute(c.message()));
      if (!c.outcome().equals("skipped")) {
        xml.writeCharacters(XmlText.clean(c.message()));
      }
      xml.writeEndElement();
    }
    xml.writeCharacters("\n      ");
    xml.writeStartElement("system-out");
    xml.writeCharacters(XmlText.clean(c.systemOut()));
    xml.writeEndElement();
    xml.writeCharacters("\n    ");
    xml.writeEndElement();
  }
}
