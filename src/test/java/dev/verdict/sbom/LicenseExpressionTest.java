package dev.verdict.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LicenseExpressionTest {
  private static Set<String> set(String list) {
    return Set.of(list.split(";"));
  }

  @ParameterizedTest(name = "{0} avoiding {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "MIT OR GPL-3.0-only | GPL-3.0-only | true",
      "MIT AND GPL-3.0-only | GPL-3.0-only | false",
      "GPL-3.0-only | GPL-3.0-only | false",
      "gpl-3.0-only | GPL-3.0-ONLY | false",
      "MIT or GPL-3.0-only | GPL-3.0-only | true",
      "MIT and GPL-3.0-only | GPL-3.0-only | false",
      "(MIT OR GPL-3.0-only) AND Apache-2.0 | GPL-3.0-only | true",
      "(MIT OR GPL-3.0-only) AND GPL-3.0-only | GPL-3.0-only | false",
      "MIT AND GPL-3.0-only OR Apache-2.0 | GPL-3.0-only | true",
      "MIT OR GPL-3.0-only AND Apache-2.0 | MIT | true",
      "MIT OR GPL-3.0-only AND Apache-2.0 | MIT;Apache-2.0 | false",
      "GPL-2.0 | GPL-2.0-only | false",
      "GPL-2.0-only | GPL-2.0 | false",
      "GPL-2.0+ | GPL-2.0-or-later | false",
      "GPL-2.0-or-later | GPL-2.0-only | true",
      "GPL-2.0-only WITH Classpath-exception-2.0 | GPL-2.0-only | false",
      "GPL-2.0-only WITH Classpath-exception-2.0 | GPL-2.0-only WITH Classpath-exception-2.0 | false",
      "GPL-2.0-only WITH Classpath-exception-2.0 | MIT | true",
      "LicenseRef-acme | LicenseRef-ACME | false",
      "NOASSERTION | GPL-3.0-only | true",
      "NOASSERTION | NOASSERTION | false",
      "NONE | GPL-3.0-only | true",
      "((MIT)) | MIT | false",
      "Apache-2.0 OR (MIT AND (BSD-3-Clause OR GPL-3.0-only)) | Apache-2.0;GPL-3.0-only | true",
      "Apache-2.0 OR (MIT AND GPL-3.0-only) | Apache-2.0;GPL-3.0-only | false",
  })
  void satisfiableAvoiding_table(String expression, String denied, boolean expected) {
    assertEquals(expected, LicenseExpression.parse(expression).satisfiableAvoiding(set(denied)));
  }

  @ParameterizedTest(name = "{0} within {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "MIT | MIT;Apache-2.0 | true",
      "MIT OR GPL-3.0-only | MIT | true",
      "MIT AND GPL-3.0-only | MIT | false",
      "MIT AND Apache-2.0 | MIT;Apache-2.0 | true",
      "GPL-2.0-only WITH Classpath-exception-2.0 | GPL-2.0-only | true",
      "GPL-2.0-only | GPL-2.0-only WITH Classpath-exception-2.0 | false",
      "NOASSERTION | MIT | false",
      "NOASSERTION | MIT;NOASSERTION | true",
      "GPL-2.0 | GPL-2.0-only | true",
      "(BSD-2-Clause OR MIT OR Apache-2.0) | ISC;Apache-2.0 | true",
  })
  void satisfiableWithin_table(String expression, String allowed, boolean expected) {
    assertEquals(expected, LicenseExpression.parse(expression).satisfiableWithin(set(allowed)));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "'' | empty license expression",
      "MIT OR | expected a license id at end",
      "(MIT | missing ')'",
      "MIT) | unexpected ')'",
      "MIT GPL-3.0-only | unexpected 'GPL-3.0-only'",
      "AND MIT | expected a license id, found 'AND'",
      "MIT WITH | expected an exception id after WITH at end",
      "MIT/X11 | invalid license id 'MIT/X11'",
  })
  void parse_malformed_throwsNamingProblem(String expression, String problem) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LicenseExpression.parse(expression));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void parse_andBindsTighterThanOr_structure() {
    LicenseExpression e = LicenseExpression.parse("MIT OR Apache-2.0 AND BSD-3-Clause");
    LicenseExpression.Or or = assertInstanceOf(LicenseExpression.Or.class, e);
    assertInstanceOf(LicenseExpression.And.class, or.operands().get(1));
    assertEquals("MIT OR (Apache-2.0 AND BSD-3-Clause)", e.toString());
  }

  @Test
  void parseOrName_freeText_deniedByAWord() {
    LicenseExpression e = LicenseExpression.parseOrName("GPL-3.0 and/or MIT");
    assertInstanceOf(LicenseExpression.Name.class, e);
    assertEquals(false, e.satisfiableAvoiding(Set.of("GPL-3.0-only")));
    assertEquals(true, e.satisfiableAvoiding(Set.of("Apache-2.0")));
    assertEquals(false, e.satisfiableWithin(Set.of("MIT")));
  }
}
