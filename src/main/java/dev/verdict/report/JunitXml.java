package dev.verdict.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The one JUnit XML writer (the Surefire/Jenkins dialect) behind {@link JunitRenderer} and
 * {@link PolicyTestRenderer}: suites of cases, counts taken from the cases, every text made XML-safe.
 *
 * @see <a href="https://github.com/jenkinsci/xunit-plugin/blob/master/src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd">junit-10.xsd</a>
 */
final class JunitXml {
  /**
   * One test case.
   *
   * @param time seconds, or null for none
   * @param outcome {@code failure}, {@code error}, {@code skipped}, or null for a pass
   * @param message the outcome's one-line message attribute
   * @param body the outcome element's text, or null for none
   */
  record Case(String classname, String name, String time, String outcome, String type, String message, String body,
      String systemOut) {}

  /** @param time seconds, or null for none; @param file the suite's source file, or null */
  record Suite(String name, String time, String file, List<Case> cases) {}

  private JunitXml() {}

  /** The {@code testsuites} document; {@code time} (seconds) may be null. */
  static void write(Writer out, String name, String time, List<Suite> suites) throws IOException {
    List<Case> all = suites.stream().flatMap(s -> s.cases().stream()).toList();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", name);
      counts(xml, all, false);
      if (time != null) {
        xml.writeAttribute("time", time);
      }
      for (Suite s : suites) {
        suite(xml, s);
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

  private static void suite(XMLStreamWriter xml, Suite s) throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", XmlText.clean(s.name()));
    counts(xml, s.cases(), true);
    if (s.time() != null) {
      xml.writeAttribute("time", s.time());
    }
    if (s.file() != null) {
      xml.writeAttribute("file", XmlText.clean(s.file()));
    }
    for (Case c : s.cases()) {
      testCase(xml, c);
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  /** The XSD allows {@code skipped} on a testsuite, not on testsuites. */
  private static void counts(XMLStreamWriter xml, List<Case> cases, boolean withSkipped) throws XMLStreamException {
    xml.writeAttribute("tests", Integer.toString(cases.size()));
    xml.writeAttribute("failures", Long.toString(count(cases, "failure")));
    xml.writeAttribute("errors", Long.toString(count(cases, "error")));
    if (withSkipped) {
      xml.writeAttribute("skipped", Long.toString(count(cases, "skipped")));
    }
  }

  private static long count(List<Case> cases, String outcome) {
    return cases.stream().filter(c -> outcome.equals(c.outcome())).count();
  }

  private static void testCase(XMLStreamWriter xml, Case c) throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", XmlText.clean(c.classname()));
    xml.writeAttribute("name", XmlText.clean(c.name()));
    if (c.time() != null) {
      xml.writeAttribute("time", c.time());
    }
    if (c.outcome() != null) {
      xml.writeCharacters("\n      ");
      xml.writeStartElement(c.outcome());
      xml.writeAttribute("type", c.type());
      xml.writeAttribute("message", XmlText.clean(c.message()));
      if (c.body() != null) {
        xml.writeCharacters(XmlText.clean(c.body()));
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
