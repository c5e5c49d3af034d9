package dev.verdict.report;

import dev.verdict.result.Check;
import dev.verdict.result.ImageResult;
import dev.verdict.result.Origin;
import dev.verdict.result.Status;
import dev.verdict.result.Report;


import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per check id, one result per failed, warned or undecided check and
 * place the image occurs (a manifest line; else line 1 of the first matched policy file; else, with no file at all,
 * only the image as a logical location, which GitHub cannot place).
 *
 * @see <a href="https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html">SARIF 2.1.0</a>
 * @see <a href="https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning">GitHub SARIF support</a>
 */
public final class SarifRenderer implements Renderer {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  /** partialFingerprints key; bump the version if what is hashed changes. */
  static final String FINGERPRINT = "verdictFinding/v1";
  private static final JsonMapper JSON = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  @Override
  public void render(Report report, Writer out) throws IOException {
    ObjectNode log = JSON.createObjectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "verdict");
    driver.put("version", report.toolVersion());
    List<String> ruleIds = new ArrayList<>(new TreeSet<>(report.results().stream()
        .flatMap(r -> r.checks().stream()).map(Check::id).toList()));
    ArrayNode rules = driver.putArray("rules");
    ruleIds.forEach(id -> SarifRules.describe(id, rules.addObject()));
    ArrayNode results = run.putArray("results");
    for (ImageResult image : report.results()) {
      for (Check check : image.checks()) {
        if (Findings.isFinding(check.status())) {
          results(image, check, ruleIds.indexOf(check.id()), results);
        }
      }
    }
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(out, log);
    } catch (JacksonException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("cannot write SARIF: " + e.getMessage(), e);
    }
    out.write('\n');
  }

  /** One result per manifest place (GitHub shows only a result's first location), else one. */
  private static void results(ImageResult image, Check check, int ruleIndex, ArrayNode results) {
    List<Origin> origins = Findings.manifestOrigins(image);
    if (origins.isEmpty()) {
      String policy = Findings.firstPolicyFile(image);
      result(image, check, ruleIndex, policy == null ? null : new Origin(policy, 0, 0, null), results);
    } else {
      origins.forEach(o -> result(image, check, ruleIndex, o, results));
    }
  }

  private static void result(ImageResult image, Check check, int ruleIndex, Origin at, ArrayNode results) {
    ObjectNode result = results.addObject();
    result.put("ruleId", check.id());
    result.put("ruleIndex", ruleIndex);
    result.put("level", check.status() == Status.WARN ? "warning" : "error");
    result.putObject("message").put("text", image.reference() + ": " + Findings.explain(check));
    ObjectNode location = result.putArray("locations").addObject();
    if (at != null) {
      ObjectNode physical = location.putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", uri(Findings.relative(at.file())));
      // GitHub needs region.startLine on every result; a policy file's finding points at its first line.
      physical.putObject("region").put("startLine", Math.max(at.line(), 1));
    }
    ObjectNode logical = location.putArray("logicalLocations").addObject();
    logical.put("name", image.reference());
    logical.put("fullyQualifiedName", at != null && at.path() != null ? at.path() : image.reference());
    logical.put("kind", "resource");
    result.putObject("partialFingerprints").put(FINGERPRINT, fingerprint(image, check, at));
    ObjectNode properties = result.putObject("properties");
    properties.put("image", image.reference());
    if (image.digest() != null) {
      properties.put("digest", image.digest());
    }
    properties.put("decision", image.decision().label());
    properties.put("status", check.status().label());
    if (check.subject() != null) {
      properties.put("subject", check.subject());
    }
    if (check.expected() != null) {
      properties.put("expected", check.expected());
    }
    if (check.found() != null) {
      properties.put("found", check.found());
    }
    ArrayNode policies = properties.putArray("policies");
    image.matchedPolicies().forEach(policies::add);
    if (!check.evidence().isEmpty()) {
      ObjectNode evidence = properties.putObject("evidence");
      check.evidence().forEach(evidence::put);
    }
  }

  /**
   * Same finding, same fingerprint across runs: check, subject, image as written and where it is referenced. Lines
   * and digests are left out on purpose (a rebuilt image or an edit above must not open a new alert).
   */
  static String fingerprint(ImageResult image, Check check, Origin at) {
    String key = String.join("\u0000", check.id(), String.valueOf(check.subject()), image.reference(),
        at == null ? "" : at.file(), at == null || at.path() == null ? "" : at.document() + ":" + at.path());
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }

  /** A relative path stays relative (GitHub resolves it against the repository root); '/' separators, %-encoded. */
  static String uri(String file) {
    String path = file.replace('\\', '/');
    try {
      if (path.startsWith("/")) {
        return new URI("file", "", path, null).toASCIIString();
      }
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a usable file name: " + file, e);
    }
  }
}
