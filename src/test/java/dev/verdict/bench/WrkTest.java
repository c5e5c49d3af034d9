package dev.verdict.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** bench/admission.sh reads wrk's summary; a misread unit or a missed error line would turn a miss into a pass. */
class WrkTest {
  /** wrk 4.1.0's output (Debian), from a run of bench/admission.sh, with errors added as wrk prints them. */
  static final String OUTPUT = """
      Running 5s test @ https://127.0.0.1:43091/validate?timeout=10s
        2 threads and 32 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     1.60s   562.54ms   2.72s    60.00%
          Req/Sec    11.66     11.79    50.00     93.10%
        Latency Distribution
           50%  850.00us
           75%    1.85ms
           90%    2.51s
           99%    2.72s
        55 requests in 5.09s, 49.25KB read
        Socket errors: connect 1, read 2, write 3, timeout 4
        Non-2xx or 3xx responses: 7
      Requests/sec:     10.81
      Transfer/sec:      9.68KB
      """;

  @Test
  void parse_wrkSummary_readsPercentilesInMillisecondsAndEveryFailure() {
    Wrk.Result r = Wrk.parse(OUTPUT);
    assertEquals(0.85, r.p50Ms(), 1e-9);
    assertEquals(2720, r.p99Ms(), 1e-9);
    assertEquals(2720, r.maxMs(), 1e-9);
    assertEquals(10.81, r.requestsPerSecond(), 1e-9);
    assertEquals(55, r.requests());
    assertEquals(5.09, r.seconds(), 1e-9);
    assertEquals(10, r.socketErrors());
    assertEquals(7, r.non2xx());
    assertEquals(17, r.failed());
  }

  @Test
  void parse_noErrorLines_zeroFailures() {
    Wrk.Result r = Wrk.parse(OUTPUT.replaceAll("(?m)^.*(Socket errors|Non-2xx).*\\n", ""));
    assertEquals(0, r.failed());
  }

  @Test
  void parse_noSummary_refused() {
    assertThrows(IllegalStateException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"));
  }
}
