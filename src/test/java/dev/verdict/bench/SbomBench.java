package dev.verdict.bench;

import dev.verdict.sbom.SbomDocument;
import dev.verdict.sbom.SbomEvaluator;
import dev.verdict.sbom.SbomParser;
import dev.verdict.sbom.SbomRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Times SBOM rules on the juice-shop SBOM (1,115 components) against a plain Jackson parse of the same bytes.
 * Not a JMH benchmark: warm-up rounds, then medians of measured rounds. Run with
 * {@code java -cp target/classes:target/test-classes:<deps> dev.verdict.bench.SbomBench [file] [warmup] [rounds]}.
 */
public final class SbomBench {
  private SbomBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "testdata/sbom/juice-shop-cdx-1.4.json");
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    byte[] bytes = Files.readAllBytes(file);
    ObjectMapper mapper = JsonMapper.builder().build();
    SbomRule rule = new SbomRule(List.of("GPL-2.0-only", "AGPL-3.0-only", "WTFPL"), List.of(),
        List.of("pkg:npm/lodash@<4.17.21", "pkg:npm/jsonwebtoken@>=0.1.0|<0.4.0",
            "pkg:maven/org.apache.logging.log4j/log4j-core@<2.17.1"),
        List.of("name", "version", "uniqueId", "relationships"), Duration.ofDays(3650));
    Instant now = Instant.parse("2026-11-24T00:00:00Z");
    long c0 = System.nanoTime();
    SbomDocument doc = SbomParser.parse(bytes, file.toString());
    long sink = SbomEvaluator.evaluate(doc, rule, now, null).size();
    double cold = (System.nanoTime() - c0) / 1e6;
    for (int i = 0; i < warmup; i++) {
      sink += mapper.readTree(bytes).size();
      sink += SbomParser.parse(bytes, file.toString()).components().size();
      sink += SbomEvaluator.evaluate(doc, rule, now, null).size();
      sink += SbomParser.parse(mapper.readTree(bytes), file.toString()).components().size();
    }
    long[] jackson = new long[rounds];
    long[] parse = new long[rounds];
    long[] rules = new long[rounds];
    long[] total = new long[rounds];
    long[] model = new long[rounds];
    tools.jackson.databind.JsonNode tree = mapper.readTree(bytes);
    int violations = 0;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      sink += mapper.readTree(bytes).size();
      long t1 = System.nanoTime();
      SbomDocument d = SbomParser.parse(bytes, file.toString());
      long t2 = System.nanoTime();
      violations = SbomEvaluator.evaluate(d, rule, now, null).size();
      long t3 = System.nanoTime();
      sink += SbomParser.parse(tree, file.toString()).components().size();
      long t4 = System.nanoTime();
      model[i] = t4 - t3;
      jackson[i] = t1 - t0;
      parse[i] = t2 - t1;
      rules[i] = t3 - t2;
      total[i] = t3 - t1;
    }
    System.out.printf("file %s: %d bytes, %d components, %d violations (sink %d)%n", file, bytes.length,
        doc.components().size(), violations, sink);
    System.out.printf("first (cold JVM) parse + evaluate %8.2f ms%n", cold);
    System.out.printf("warm-up %d, rounds %d, medians:%n", warmup, rounds);
    System.out.printf("  plain Jackson readTree          %8.2f ms%n", median(jackson));
    System.out.printf("  SbomParser.parse (tree + model) %8.2f ms%n", median(parse));
    System.out.printf("  model from a parsed tree        %8.2f ms%n", median(model));
    System.out.printf("  SbomEvaluator.evaluate          %8.2f ms%n", median(rules));
    System.out.printf("  parse + evaluate                %8.2f ms%n", median(total));
  }

  private static double median(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e6;
  }
}
