package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test cases for {@link JunitRenderer}: one per image and check, or one for the decision of an image without checks.
 * The outcome is {@code failure}, {@code error}, {@code skipped}, or null for a pass (WARN passes, said in output).
 */
final class JunitCases {
  private JunitCases() {}

  static List<JunitXml.Case> of(List<ImageResult> images) {
    List<JunitXml.Case> cases = new ArrayList<>();
    for (ImageResult image : images) {
      String classname = image.reference();
      if (image.checks().isEmpty()) {
        cases.add(decisionOnly(image));
      }
      for (Check check : image.checks()) {
        String outcome = switch (check.status()) {
          case FAIL -> "failure";
          case ERROR -> "error";
          case SKIP -> "skipped";
          case PASS, WARN -> null;
        };
        cases.add(testCase(classname, Findings.title(check), outcome, check.status().label(),
            Findings.explain(check), systemOut(image, check)));
      }
    }
    return cases;
  }

  /** An image with no checks still gets a case, so a deny or an error is never silent. */
  private static JunitXml.Case decisionOnly(ImageResult image) {
    String outcome = switch (image.decision()) {
      case DENY -> "failure";
      case ERROR -> "error";
      case ALLOW, WARN -> null;
    };
    String message = "decision: " + image.decision().label();
    return testCase(image.reference(), "decision", outcome, image.decision().label(), message,
        header(image) + message + "\n");
  }

  /** The message is the outcome's one-line attribute, and its body too unless the case is skipped. */
  private static JunitXml.Case testCase(String classname, String name, String outcome, String type, String message,
      String systemOut) {
    return new JunitXml.Case(classname, name, null, outcome, type, XmlText.attribute(message),
        "skipped".equals(outcome) ? null : message, systemOut);
  }

  private static String systemOut(ImageResult image, Check check) {
    StringBuilder sb = new StringBuilder(header(image));
    sb.append("status: ").append(check.status().label()).append('\n');
    if (check.message() != null) {
      sb.append("message: ").append(check.message()).append('\n');
    }
    String details = Findings.details(check, "\n");
    if (!details.isEmpty()) {
      sb.append(details).append('\n');
    }
    for (Map.Entry<String, String> e : check.evidence().entrySet()) {
      sb.append("evidence ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    return sb.toString();
  }

  private static String header(ImageResult image) {
    StringBuilder sb = new StringBuilder("image: ").append(image.reference()).append('\n');
    if (image.digest() != null) {
      sb.append("digest: ").append(image.digest()).append('\n');
    }
    sb.append("decision: ").append(image.decision().label()).append('\n');
    for (Origin o : Findings.manifestOrigins(image)) {
      sb.append("found in: ").append(o.file()).append(':').append(o.line()).append(" (").append(o.path())
          .append(")\n");
    }
    return sb.toString();
  }
}
