package dev.verdict.report;

import dev.verdict.engine.PolicyTestRunner;
import dev.verdict.engine.PolicyTestRunner.CaseResult;
import dev.verdict.engine.PolicyTestRunner.SuiteResult;
import dev.verdict.result.Check;
import dev.verdict.result.Status;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Views of a policy test run: text (a PASS or FAIL line per case, the reasons under a failure, and a last line
 * {@code N passed, M failed}) and JUnit XML (a test suite per test file, a test case per case).
 *
 * @see <a href="https://github.com/jenkinsci/xunit-plugin/blob/master/src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd">junit-10.xsd</a>
 */
public final class PolicyTestRenderer {
  private PolicyTestRenderer() {}

  public static void text(List<SuiteResult> suites, Writer out) throws IOException {
    for (SuiteResult s : suites) {
      for (CaseResult c : s.cases()) {
        out.write((c.passed() ? "PASS " : "FAIL ") + s.suite().name() + "/" + c.testCase().name() + " (expected "
            + c.testCase().expect().label() + ", got " + got(c) + ")\n");
        if (!c.passed()) {
          out.write("       at " + s.suite().file() + ":" + c.testCase().location().line() + "\n");
          for (String p : c.problems()) {
            out.write("       " + oneLine(p) + "\n");
          }
          for (Check k : failing(c)) {
            out.write(String.format("       %-5s %s: %s%n", k.status().label(), PolicyTestRunner.label(k),
                oneLine(k.message())));
          }
        }
      }
    }
    out.write(passed(suites) + " passed, " + failed(suites) + " failed\n");
    out.flush();
  }

  public static void junit(List<SuiteResult> suites, Writer out) throws IOException {
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "verdict policy test");
      xml.writeAttribute("tests", Long.toString(passed(suites) + failed(suites)));
      xml.writeAttribute("failures", Long.toString(failed(suites)));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("time", seconds(suites.stream().map(SuiteResult::time).reduce(Duration.ZERO,
          Duration::plus)));
      for (SuiteResult s : suites) {
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

  private static void suite(XMLStreamWriter xml, SuiteResult s) throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", XmlText.clean(s.suite().name()));
    xml.writeAttribute("tests", Integer.toString(s.cases().size()));
    xml.writeAttribute("failures", Long.toString(s.failed()));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", "0");
    xml.writeAttribute("time", seconds(s.time()));
    xml.writeAttribute("file", XmlText.clean(s.suite().file().toString()));
    for (CaseResult c : s.cases()) {
      xml.writeCharacters("\n    ");
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", XmlText.clean(s.suite().name()));
      xml.writeAttribute("name", XmlText.clean(c.testCase().name()));
      xml.writeAttribute("time", seconds(c.time()));
      String expectedFound = "expected " + c.testCase().expect().label() + ", got " + got(c);
      if (!c.passed()) {
        xml.writeCharacters("\n      ");
        xml.writeStartElement("failure");
        xml.writeAttribute("type", "policy-test");
        xml.writeAttribute("message", XmlText.clean(oneLine(String.join("; ", c.problems()))));
        StringBuilder body = new StringBuilder(expectedFound).append('\n');
        c.problems().forEach(p -> body.append(p).append('\n'));
        failing(c).forEach(k -> body.append(k.status().label()).append(' ').append(PolicyTestRunner.label(k))
            .append(": ").append(k.message()).append('\n'));
        xml.writeCharacters(XmlText.clean(body.toString()));
        xml.writeEndElement();
      }
      xml.writeCharacters("\n      ");
      xml.writeStartElement("system-out");
      xml.writeCharacters(XmlText.clean(systemOut(s, c, expectedFound)));
      xml.writeEndElement();
      xml.writeCharacters("\n    ");
      xml.writeEndElement();
    }
    xml.writeCharacters("\n  ");
    xml.writeEndElement();
  }

  private static String systemOut(SuiteResult s, CaseResult c, String expectedFound) {
    StringBuilder sb = new StringBuilder("test: ").append(s.suite().file()).append(':')
        .append(c.testCase().location().line()).append('\n');
    sb.append(c.testCase().sbom() == null ? "image: " : "sbom: ").append(c.testCase().target()).append('\n');
    if (c.result() != null && c.result().digest() != null) {
      sb.append("digest: ").append(c.result().digest()).append('\n');
    }
    sb.append(expectedFound).append('\n');
    if (c.result() != null) {
      for (Check k : c.result().checks()) {
        sb.append(k.status().label()).append(' ').append(PolicyTestRunner.label(k)).append(": ")
            .append(k.message()).append('\n');
      }
    }
    return sb.toString();
  }

  private static String got(CaseResult c) {
    return c.result() == null ? "not run" : c.result().decision().label();
  }

  private static List<Check> failing(CaseResult c) {
    return c.result() == null ? List.of() : c.result().checks().stream()
        .filter(k -> k.status() == Status.FAIL || k.status() == Status.ERROR).toList();
  }

  public static long passed(List<SuiteResult> suites) {
    return suites.stream().mapToLong(s -> s.cases().size() - s.failed()).sum();
  }

  public static long failed(List<SuiteResult> suites) {
    return suites.stream().mapToLong(SuiteResult::failed).sum();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace("\r", "").replace("\n", " ");
  }

}
