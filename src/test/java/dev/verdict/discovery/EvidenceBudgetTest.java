package dev.verdict.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.VerdictException;
import dev.verdict.oci.Descriptor;
import dev.verdict.oci.Digest;
import dev.verdict.oci.FetchedManifest;
import dev.verdict.oci.ImageSource;
import dev.verdict.oci.MediaTypes;
import dev.verdict.oci.Reference;
import dev.verdict.testing.cosign.MemoryImageSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvidenceBudgetTest {
  static final long MIB = 1L << 20;

  @Test
  void reserve_withinBounds_accumulates() throws Exception {
    EvidenceBudget b = new EvidenceBudget();
    b.reserve("a", 10 * MIB);
    b.reserve("b", 20 * MIB);
    assertEquals(30 * MIB, b.used());
  }

  @Test
  void reserve_blobOverItemBound_refusedAndNotCounted() throws Exception {
    EvidenceBudget b = new EvidenceBudget();
    var e = assertThrows(EvidenceBudget.LimitExceededException.class,
        () -> b.reserve("repo:tag layer 1", EvidenceBudget.MAX_ITEM_BYTES + 1));
    assertTrue(e.getMessage().startsWith("repo:tag layer 1: evidence blob of 33554433 bytes exceeds the limit of "
        + "32 MiB"), e.getMessage());
    assertEquals(0, b.used());
    b.reserve("ok", EvidenceBudget.MAX_ITEM_BYTES);
  }

  @Test
  void reserve_totalOverBound_refusedAtTheBlobThatCrossesIt() throws Exception {
    EvidenceBudget b = new EvidenceBudget();
    b.reserve("1", 32 * MIB);
    b.reserve("2", 32 * MIB); // exactly the total bound
    var e = assertThrows(EvidenceBudget.LimitExceededException.class, () -> b.reserve("3", 1));
    assertTrue(e.getMessage().contains("exceeds the limit of 64 MiB in total"), e.getMessage());
  }

  @Test
  void count_overMax_refused() throws Exception {
    EvidenceBudget.count("x", EvidenceBudget.MAX_LAYERS, EvidenceBudget.MAX_LAYERS, "layers");
    var e = assertThrows(EvidenceBudget.LimitExceededException.class,
        () -> EvidenceBudget.count("x", EvidenceBudget.MAX_LAYERS + 1, EvidenceBudget.MAX_LAYERS, "layers"));
    assertEquals("x: 101 layers exceed the limit of 100 per image; refusing to read them", e.getMessage());
  }

  /** An .att manifest whose three layers declare 30 MiB each: the third is refused before it is fetched. */
  @Test
  void attestationLayers_totalOverBound_deniedBeforeTheBlobIsRead() throws Exception {
    MemoryImageSource mem = new MemoryImageSource();
    Digest image = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));
    StringBuilder layers = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      Digest blob = mem.putBlob(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
      layers.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(MediaTypes.DSSE_ENVELOPE)
          .append("\",\"digest\":\"").append(blob).append("\",\"size\":").append(30 * MIB).append('}');
    }
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
        + "\"mediaType\":\"" + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + mem.putBlob("{}".getBytes(
        StandardCharsets.UTF_8)) + "\",\"size\":2},\"layers\":[" + layers + "]}";
    mem.putManifest("r.example/app", image.tagPrefix() + ".att", MediaTypes.OCI_MANIFEST,
        manifest.getBytes(StandardCharsets.UTF_8));
    AtomicInteger reads = new AtomicInteger();
    ImageSource counting = new ImageSource() {
      @Override
      public Optional<FetchedManifest> manifest(Reference repo, String tagOrDigest) throws VerdictException {
        return mem.manifest(repo, tagOrDigest);
      }

      @Override
      public byte[] blob(Reference repo, Descriptor d) throws VerdictException {
        reads.incrementAndGet();
        return mem.blob(repo, d);
      }

      @Override
      public List<Descriptor> referrers(Reference repo, Digest subject, String type) {
        return List.of();
      }

      @Override
      public void close() {}
    };
    var e = assertThrows(EvidenceBudget.LimitExceededException.class, () -> AttestationLayers.find(counting,
        Reference.parse("r.example/app@" + image), image));
    assertTrue(e.getMessage().contains(".att layer 3: evidence attached to this image exceeds the limit of 64 MiB"),
        e.getMessage());
    assertEquals(2, reads.get());
  }
}
