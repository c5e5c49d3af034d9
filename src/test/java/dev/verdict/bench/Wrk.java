package dev.verdict.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (Debian's, over TLS with keep-alive) with bench/admission.lua and reads its summary. */
final class Wrk {
  /** One wrk run: latency percentiles in milliseconds, throughput, and every kind of failure wrk counts. */
  record Result(double p50Ms, double p99Ms, double maxMs, double requestsPerSecond, long requests, double seconds,
      long socketErrors, long non2xx, String raw) {
    long failed() {
      return socketErrors + non2xx;
    }
  }

  private Wrk() {}

  static Result run(String url, Path body, int connections, int seconds) throws Exception {
    int threads = Math.min(2, connections);
    List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
        "--timeout", "15s", "--latency", "-s", Path.of("bench/admission.lua").toAbsolutePath().toString(), url));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ADMISSION_BODY", body.toAbsolutePath().toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("wrk did not finish");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException("wrk exited " + p.exitValue() + ": " + text);
    }
    return parse(text);
  }

  static Result parse(String text) {
    Matcher total = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)").matcher(text);
    if (!total.find()) {
      throw new IllegalStateException("no wrk summary in: " + text);
    }
    Matcher max = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+([\\d.]+)(us|ms|s|m)").matcher(text);
    long socket = 0;
    Matcher errors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
        .matcher(text);
    if (errors.find()) {
      for (int i = 1; i <= 4; i++) {
        socket += Long.parseLong(errors.group(i));
      }
    }
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(text);
    Matcher rps = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(text);
    rps.find();
    return new Result(percentile(text, "50"), percentile(text, "99"), max.find() ? ms(max.group(1), max.group(2)) : 0,
        Double.parseDouble(rps.group(1)), Long.parseLong(total.group(1)),
        ms(total.group(2), total.group(3)) / 1000, socket, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
        text);
  }

  private static double percentile(String text, String p) {
    Matcher m = Pattern.compile("\\n\\s+" + p + "%\\s+([\\d.]+)(us|ms|s|m)").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + "% latency in: " + text);
    }
    return ms(m.group(1), m.group(2));
  }

  private static double ms(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "us" -> v / 1000;
      case "ms" -> v;
      case "s" -> v * 1000;
      default -> v * 60_000;
    };
  }
}
