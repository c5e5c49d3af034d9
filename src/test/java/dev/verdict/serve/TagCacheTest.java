package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.oci.Digest;
import dev.verdict.oci.Reference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TagCacheTest {
  private final FakeTime time = new FakeTime();
  private final TagCache tags = new TagCache(Duration.ofSeconds(30), time);
  private final AtomicInteger lookups = new AtomicInteger();

  private Function<Reference, Digest> registry(Digest answer) {
    return r -> {
      lookups.incrementAndGet();
      return answer;
    };
  }

  @Test
  void resolve_sameTagWithinTtl_asksTheRegistryOnce() {
    Digest d = Results.digest("v1");
    assertEquals(d, tags.resolve(Reference.parse("registry.example.com/team/app:1.0"), registry(d)));
    // another spelling of the same repository and tag shares the entry
    assertEquals(d, tags.resolve(Reference.parse("REGISTRY.example.com:443/team/app:1.0"),
        registry(Results.digest("moved"))));
    assertEquals(1, lookups.get());
  }

  @Test
  void resolve_afterTtl_asksAgainAndSeesTheMovedTag() {
    Reference ref = Reference.parse("registry.example.com/team/app:1.0");
    tags.resolve(ref, registry(Results.digest("v1")));
    time.advance(Duration.ofSeconds(30));
    assertEquals(Results.digest("v2"), tags.resolve(ref, registry(Results.digest("v2"))));
    assertEquals(2, lookups.get());
  }

  @Test
  void resolve_referenceCarryingDigest_neverConsultsTheCacheOrRegistry() {
    // /mutate pinned v1; the tag has since moved to v2 and the map says so: /validate still sees v1
    Digest pinned = Results.digest("v1");
    tags.put(Reference.parse("registry.example.com/team/app:1.0"), Results.digest("v2"));
    Reference fromObject = Reference.parse("registry.example.com/team/app:1.0@" + pinned);
    assertEquals(pinned, tags.resolve(fromObject, registry(Results.digest("v2"))));
    assertEquals(pinned, tags.get(fromObject).orElseThrow());
    assertEquals(0, lookups.get());
  }

  @Test
  void resolve_failedResolution_notRemembered() {
    Reference ref = Reference.parse("registry.example.com/team/app:1.0");
    assertNull(tags.resolve(ref, registry(null)));
    assertEquals(0, tags.size());
    assertEquals(Results.digest("v1"), tags.resolve(ref, registry(Results.digest("v1"))));
    assertEquals(2, lookups.get());
  }

  @Test
  void resolve_otherTagOrRepository_otherEntry() {
    tags.resolve(Reference.parse("registry.example.com/team/app:1.0"), registry(Results.digest("a")));
    assertEquals(Results.digest("b"),
        tags.resolve(Reference.parse("registry.example.com/team/app:1.1"), registry(Results.digest("b"))));
    assertEquals(Results.digest("c"),
        tags.resolve(Reference.parse("registry.example.com/team/other:1.0"), registry(Results.digest("c"))));
    assertEquals(3, lookups.get());
  }

  @Test
  void put_digestBesideTagThatDisagrees_refused() {
    Reference ref = Reference.parse("registry.example.com/team/app:1.0@" + Results.digest("a"));
    assertThrows(IllegalArgumentException.class, () -> tags.put(ref, Results.digest("b")));
  }

  @Test
  void put_digestOnlyReference_remembersNothing() {
    tags.put(Reference.parse("registry.example.com/team/app@" + Results.digest("a")), Results.digest("a"));
    assertEquals(0, tags.size());
    assertTrue(tags.get(Reference.parse("registry.example.com/team/app:latest")).isEmpty());
  }

  @Test
  void zeroTtl_remembersNothing() {
    TagCache none = new TagCache(Duration.ZERO, time);
    Reference ref = Reference.parse("registry.example.com/team/app:1.0");
    none.resolve(ref, registry(Results.digest("a")));
    none.resolve(ref, registry(Results.digest("a")));
    assertEquals(2, lookups.get());
  }
}
