package dev.verdict.report;

import dev.verdict.result.Check;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SarifRulesTest {
  /** Check ids written as literals where checks are made ({@code Check.of("x.y"}, {@code log.fail("x.y"} ...). */
  private static final Pattern CHECK_ID = Pattern.compile(
      "(?:Check\\.of|new Check|\\.(?:pass|fail|skip)|[A-Z_]+)\\(\\s*\"([a-z][a-zA-Z]*(?:\\.[a-zA-Z-]+)*)\"");
  private static final Set<String> NOT_CHECKS = Set.of("identity", "signedIdentity", "timestamp", "mediaType",
      "certificateAuthorities", "security", "supply-chain", "file");

  @Test
  void describe_everyCheckIdInTheSource_hasItsOwnDescription() throws Exception {
    Set<String> ids = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/verdict"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = CHECK_ID.matcher(Files.readString(f));
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    // rule names of the SBOM and vulnerability evaluators become sbom.NAME and vulnerabilities.NAME
    for (String rule : List.of("deniedLicenses", "allowedLicenses", "deniedPackages", "requiredFields", "maxAge")) {
      ids.add("sbom." + rule);
    }
    for (String rule : List.of("maxSeverity", "deniedIds", "vulnerabilities")) {
      ids.add("vulnerabilities." + rule);
    }
    ids.removeAll(NOT_CHECKS);
    assertTrue(ids.size() > 40, ids.toString());
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (SarifRules.lookup(id) == null) {
        missing.add(id);
      }
    }
    assertEquals(List.of(), missing, "check ids without a SARIF description");
  }
}
