package dev.verdict.report;

import dev.verdict.engine.PolicyTestRunner;
import dev.verdict.engine.PolicyTestRunner.CaseResult;
import dev.verdict.engine.PolicyTestRunner.SuiteResult;
import dev.verdict.result.Check;
import dev.verdict.result.Status;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    List<JunitXml.Suite> list = new ArrayList<>();
    for (SuiteResult s : suites) {
      List<JunitXml.Case> cases = new ArrayList<>();
      for (CaseResult c : s.cases()) {
        String expectedFound = "expected " + c.testCase().expect().label() + ", got " + got(c);
        String body = null;
        if (!c.passed()) {
          StringBuilder sb = new StringBuilder(expectedFound).append('\n');
          c.problems().forEach(p -> sb.append(p).append('\n'));
          failing(c).forEach(k -> sb.append(k.status().label()).append(' ').append(PolicyTestRunner.label(k))
              .append(": ").append(k.message()).append('\n'));
          body = sb.toString();
        }
        cases.add(new JunitXml.Case(s.suite().name(), c.testCase().name(), seconds(c.time()),
            c.passed() ? null : "failure", "policy-test", oneLine(String.join("; ", c.problems())), body,
            systemOut(s, c, expectedFound)));
      }
      list.add(new JunitXml.Suite(s.suite().name(), seconds(s.time()), s.suite().file().toString(), cases));
    }
    JunitXml.write(out, "verdict policy test", seconds(suites.stream().map(SuiteResult::time)
        .reduce(Duration.ZERO, Duration::plus)), list);
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
