package dev.verdict.serve;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** One fake time for both the wall clock and the cache's ticker; moves only when a test advances it. */
final class FakeTime extends Clock implements Ticker {
  private final Instant start;
  private final AtomicLong nanos = new AtomicLong();

  FakeTime(Instant start) {
    this.start = start;
  }

  FakeTime() {
    this(Instant.parse("2026-11-30T06:00:00Z"));
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long read() {
    return nanos.get();
  }

  @Override
  public Instant instant() {
    return start.plusNanos(nanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
