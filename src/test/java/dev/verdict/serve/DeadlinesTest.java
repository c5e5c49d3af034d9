package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  @Test
  void timeout_apiserverForms_read() {
    assertEquals(Duration.ofSeconds(10), Deadlines.timeout("timeout=10s"));
    assertEquals(Duration.ofSeconds(30), Deadlines.timeout("a=b&timeout=30s"));
    assertEquals(Duration.ofSeconds(90), Deadlines.timeout("timeout=1m30s"));
    assertEquals(Duration.ofMillis(1500), Deadlines.timeout("timeout=1s500ms"));
  }

  @Test
  void timeout_absentOrUnreadable_default10s() {
    assertEquals(Duration.ofSeconds(10), Deadlines.timeout(null));
    assertEquals(Duration.ofSeconds(10), Deadlines.timeout("x=1"));
    assertEquals(Duration.ofSeconds(10), Deadlines.timeout("timeout=soon"));
    assertEquals(Duration.ofSeconds(10), Deadlines.timeout("timeout=0s"));
    assertEquals(Duration.ofSeconds(10), Deadlines.timeout("timeout=5sx"));
  }

  @Test
  void internal_marginMax1sOr10Percent_cappedAt28s() {
    assertEquals(Duration.ofSeconds(9), Deadlines.internal(Duration.ofSeconds(10), null));
    assertEquals(Duration.ofSeconds(2), Deadlines.internal(Duration.ofSeconds(3), null));
    assertEquals(Duration.ofMillis(25200), Deadlines.internal(Duration.ofSeconds(30), null));
    assertEquals(Duration.ofMillis(25200), Deadlines.internal(Duration.ofMinutes(5), null));
    assertEquals(Duration.ofMillis(9500), Deadlines.internal(Duration.ofSeconds(10), Duration.ofMillis(500)));
    assertEquals(Duration.ofMillis(100), Deadlines.internal(Duration.ofSeconds(1), null));
  }
}
